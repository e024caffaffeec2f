#!/usr/bin/env bash
# Container images of Frontier, built without a Docker engine (Debian's mmdebstrap, umoci, skopeo, docker-registry).
#
#   images.sh build WORK   a base image (Debian bookworm + the .NET runtime of this machine's SDK + user "app", 1654)
#                          and the operator, gateway and simulator images (`dotnet publish -t:PublishContainer` on that
#                          base), all pushed to a registry on 127.0.0.1 whose config and storage live in WORK. The
#                          registry is stopped at the end; the images stay in WORK/registry. Prints one reference a line
#                          to stdout (WORK/images.txt has them too); progress and timings go to stderr.
#   images.sh serve WORK   start the registry of WORK again (127.0.0.1:PORT of WORK/registry.port) in the foreground.
#   images.sh unpack WORK BUNDLES
#                          unpack the app images of WORK (after `build`) for the node agent's --image-root: one bundle a
#                          base name, BUNDLES/NAME/rootfs (the layers, `umoci unpack`) and BUNDLES/NAME/image.json (the
#                          image's config: entrypoint, cmd, env, user, working directory). Replaces what was there.
#   images.sh check        build into a fresh temporary WORK, then check every image as the registry serves it: skopeo
#                          inspects manifest and config (entrypoint, user 1654, port 8080 or 8000, OCI labels, built on the
#                          base's layers), and each image's layers, unpacked with umoci, run as its config says
#                          (entrypoint, user, working directory, environment; chroot in private mount and PID
#                          namespaces, on loopback): the simulator answers /health and a chat completion, the gateway
#                          (routes file) passes a chat completion through to it, the operator answers /healthz; then
#                          the node agent (--image-root) runs a Deployment of the simulator image from those layers on
#                          a local cluster (tests/cluster/cluster.sh; the agent must be built) and its pod answers
#                          /health at its pod IP. Exit 0 when all hold; one line per check. Minutes (mostly the build):
#                          not part of `make test`.
#
# The Debian root filesystem is cached as a tarball under $FRONTIER_CACHE/images, keyed by its package list, so only the
# first build downloads packages (delete the tarball to take Debian's later updates). Every step is bounded in time.
# Needs root (mmdebstrap's root mode, file ownership in the layers, chroot) and
# `apt-get install mmdebstrap umoci skopeo docker-registry`. Why under tests/: like tests/cluster/cluster.sh it is
# build and test tooling run from a checkout, not configuration the product ships (config/).
#
# Environment: FRONTIER_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/frontier), FRONTIER_IMAGE_TAG (default: the
# chart's appVersion), FRONTIER_IMAGE_SOURCE (the org.opencontainers.image.source label; default: the git remote
# "origin", else file://THIS-CHECKOUT), DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${FRONTIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/frontier}/images"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
# What a framework-dependent .NET app needs from Debian. No libicu72: every Frontier program sets InvariantGlobalization
# (Directory.Build.props), and the base image says so in DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.
PACKAGES=libc6,libgcc-s1,libstdc++6,libssl3,zlib1g,ca-certificates,tzdata
APP_UID=1654
APPS=(Frontier.Operator Frontier.Gateway Frontier.Simulator)
DOTNET_ROOT=/usr/share/dotnet

# Bounds in seconds.
DEBOOTSTRAP_TIMEOUT=900
STEP_TIMEOUT=300
PUBLISH_TIMEOUT=600
REGISTRY_READY_TIMEOUT=20
APP_READY_TIMEOUT=60

log() { printf '[images] %s\n' "$*" >&2; }
usage() { echo "usage: images.sh build WORK | serve WORK | unpack WORK BUNDLES | check" >&2; exit 2; }
die() { printf '[images] error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

require_tools() {
  local missing=()
  for t in mmdebstrap umoci skopeo docker-registry jq curl python3; do command -v "$t" >/dev/null || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]} (apt-get install -y mmdebstrap umoci skopeo docker-registry jq curl)"
  [ "$(id -u)" -eq 0 ] || die "needs root: mmdebstrap's root mode and the layers' file ownership"
}

chart_app_version() { sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$REPO/charts/frontier/Chart.yaml"; }
runtime_version() { ls "$DOTNET_ROOT/shared/Microsoft.NETCore.App" | sort -V | tail -1; }

image_source() {
  if [ -n "${FRONTIER_IMAGE_SOURCE:-}" ]; then echo "$FRONTIER_IMAGE_SOURCE"
  elif git -C "$REPO" remote get-url origin >/dev/null 2>&1; then git -C "$REPO" remote get-url origin
  else echo "file://$REPO"; fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------------------------------------------------------------
# The registry (distribution), on loopback, with its config and storage in WORK
# ---------------------------------------------------------------------------------------------------------------------

write_registry_config() {
  local work="$1" port="$2"
  mkdir -p "$work/registry"
  cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
  echo "$port" >"$work/registry.port"
}

start_registry() {
  local work="$1" port
  port="$(cat "$work/registry.port")"
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  echo $! >"$work/registry.pid"
  local deadline=$((SECONDS + REGISTRY_READY_TIMEOUT))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/v2/"; do
    kill -0 "$(cat "$work/registry.pid")" 2>/dev/null || { cat "$work/registry.log" >&2; die "registry exited"; }
    [ $SECONDS -lt $deadline ] || die "registry not ready on 127.0.0.1:$port after ${REGISTRY_READY_TIMEOUT}s"
    sleep 0.2
  done
}

stop_registry() {
  local work="$1" pid
  [ -f "$work/registry.pid" ] || return 0
  pid="$(cat "$work/registry.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$work/registry.pid"
}

# ---------------------------------------------------------------------------------------------------------------------
# The base image
# ---------------------------------------------------------------------------------------------------------------------

# Debian's root filesystem as a tarball, cached by everything that shapes it. Prints its path.
debian_rootfs() {
  local key tarball
  # The key covers what shapes the tarball; change the last word when the hooks below change.
  key="$(printf '%s\n' "$SUITE" "$DEBIAN_MIRROR" "$PACKAGES" "$APP_UID" merged-usr-hook-v2 | sha256sum | cut -c1-16)"
  tarball="$CACHE/debian-$SUITE-$key.tar"
  if [ -s "$tarball" ]; then log "Debian root filesystem: cached $tarball"; echo "$tarball"; return; fi
  mkdir -p "$CACHE"
  local t0; t0="$(now)"
  log "Debian root filesystem: mmdebstrap $SUITE ($PACKAGES)"
  # minbase = Essential: yes + apt. mmdebstrap's merged-usr hook makes the /usr merge itself (bookworm would otherwise
  # install the usrmerge package, which pulls in all of perl: 45 MB). The customize hooks add the user the chart's
  # podSecurityContext runs as, with the home directory Microsoft's images give it, and drop apt's lists.
  # --skip=output/dev: no device nodes in a layer (the container runtime mounts /dev).
  timeout "$DEBOOTSTRAP_TIMEOUT" mmdebstrap --quiet --format=tar --variant=minbase --include="$PACKAGES" --skip=output/dev \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook="chroot \"\$1\" groupadd --gid $APP_UID app" \
    --customize-hook="chroot \"\$1\" useradd --uid $APP_UID --gid $APP_UID --create-home --shell /usr/sbin/nologin app" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
    "$SUITE" "$tarball.partial" "$DEBIAN_MIRROR" >"$CACHE/mmdebstrap.log" 2>&1 \
    || { tail -20 "$CACHE/mmdebstrap.log" >&2; rm -rf "$tarball.partial"; die "mmdebstrap failed or took over ${DEBOOTSTRAP_TIMEOUT}s (log: $CACHE/mmdebstrap.log)"; }
  mv "$tarball.partial" "$tarball"
  find "$CACHE" -maxdepth 1 -name "debian-$SUITE-*.tar" ! -path "$tarball" -delete   # older keys
  log "Debian root filesystem: $(du -h "$tarball" | cut -f1) in $(took "$t0")"
  echo "$tarball"
}

# The shared .NET runtime of this machine's SDK as a layer tarball: the host, hostfxr and the two shared frameworks a
# framework-dependent ASP.NET Core app needs (no SDK, no packs, no templates). Prints its path.
dotnet_layer() {
  local version="$1" layer="$CACHE/dotnet-runtime-$1.tar" stage
  if [ -s "$layer" ]; then echo "$layer"; return; fi
  [ -d "$DOTNET_ROOT/shared/Microsoft.AspNetCore.App/$version" ] || die "no ASP.NET Core runtime $version in $DOTNET_ROOT"
  stage="$(mktemp -d)"
  mkdir -p "$stage/usr/share/dotnet/shared/Microsoft.NETCore.App" "$stage/usr/share/dotnet/shared/Microsoft.AspNetCore.App" \
    "$stage/usr/share/dotnet/host" "$stage/usr/bin"
  cp -a "$DOTNET_ROOT/dotnet" "$DOTNET_ROOT/LICENSE.txt" "$DOTNET_ROOT/ThirdPartyNotices.txt" "$stage/usr/share/dotnet/"
  cp -a "$DOTNET_ROOT/host/fxr" "$stage/usr/share/dotnet/host/"
  cp -a "$DOTNET_ROOT/shared/Microsoft.NETCore.App/$version" "$stage/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$DOTNET_ROOT/shared/Microsoft.AspNetCore.App/$version" "$stage/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
  ln -s ../share/dotnet/dotnet "$stage/usr/bin/dotnet"
  tar --create --file "$layer.partial" --directory "$stage" --owner=0 --group=0 --numeric-owner ./usr
  rm -rf "$stage"
  mv "$layer.partial" "$layer"
  find "$CACHE" -maxdepth 1 -name 'dotnet-runtime-*.tar' ! -path "$layer" -delete   # older runtimes
  echo "$layer"
}

# An OCI layout WORK/oci with the base image tagged TAG: two layers (Debian, .NET runtime) and the config a .NET
# image carries (user, the runtime's container environment variables, labels), then pushed to the registry.
build_base() {
  local work="$1" port="$2" tag="$3" runtime="$4" rootfs layer layout="$1/oci"
  rootfs="$(debian_rootfs)"
  layer="$(dotnet_layer "$runtime")"
  rm -rf "$layout"
  timeout "$STEP_TIMEOUT" umoci init --layout "$layout"
  timeout "$STEP_TIMEOUT" umoci new --image "$layout:$tag"
  timeout "$STEP_TIMEOUT" umoci raw add-layer --image "$layout:$tag" --history.created_by "mmdebstrap --variant=minbase $SUITE ($PACKAGES) + user app ($APP_UID)" "$rootfs"
  timeout "$STEP_TIMEOUT" umoci raw add-layer --image "$layout:$tag" --history.created_by "the .NET $runtime runtime (host, hostfxr, Microsoft.NETCore.App, Microsoft.AspNetCore.App)" "$layer"
  timeout "$STEP_TIMEOUT" umoci config --image "$layout:$tag" --no-history \
    --config.user "$APP_UID:$APP_UID" --config.workingdir / \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env APP_UID="$APP_UID" \
    --config.env DOTNET_RUNNING_IN_CONTAINER=true \
    --config.env DOTNET_VERSION="$runtime" --config.env ASPNET_VERSION="$runtime" \
    --config.env ASPNETCORE_HTTP_PORTS=8080 \
    --config.env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true \
    --config.label org.opencontainers.image.title=frontier-base \
    --config.label org.opencontainers.image.description="Debian $SUITE with the .NET $runtime runtime and ASP.NET Core, user app ($APP_UID)" \
    --config.label org.opencontainers.image.version="$tag" \
    --config.label org.opencontainers.image.source="$(image_source)"
  timeout "$STEP_TIMEOUT" umoci gc --layout "$layout"
  timeout "$STEP_TIMEOUT" skopeo copy --quiet --dest-tls-verify=false "oci:$layout:$tag" "docker://127.0.0.1:$port/frontier-base:$tag" >&2
}

# ---------------------------------------------------------------------------------------------------------------------
# The app images
# ---------------------------------------------------------------------------------------------------------------------

# dotnet publish -t:PublishContainer onto the base in the loopback registry. The SDK speaks plain HTTP only to
# registries listed in DOTNET_CONTAINER_INSECURE_REGISTRIES. Prints the image reference.
publish_app() {
  local project="$1" registry="$2" base="$3" tag="$4" repository
  repository="$(dotnet msbuild "$REPO/src/$project" -getProperty:ContainerRepository 2>/dev/null)"
  [ -n "$repository" ] || die "src/$project: no ContainerRepository"
  DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry" timeout "$PUBLISH_TIMEOUT" \
    dotnet publish "$REPO/src/$project" -c Release --nologo -v quiet -t:PublishContainer \
    -p:ContainerBaseImage="$base" -p:ContainerRegistry="$registry" -p:ContainerImageTag="$tag" \
    -p:RepositoryUrl="$(image_source)" -p:SourceRevisionId="$(git -C "$REPO" rev-parse HEAD)" >&2 \
    || die "dotnet publish src/$project -t:PublishContainer failed or took over ${PUBLISH_TIMEOUT}s"
  echo "$registry/$repository:$tag"
}

cmd_build() {
  [ $# -eq 1 ] || usage
  local work="$1" tag runtime port t0 t
  require_tools
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  tag="${FRONTIER_IMAGE_TAG:-$(chart_app_version)}"
  runtime="$(runtime_version)"
  port="$(cat "$work/registry.port" 2>/dev/null || free_port)"
  write_registry_config "$work" "$port"
  trap "stop_registry '$work'" EXIT
  start_registry "$work"
  local registry="127.0.0.1:$port" base_ref
  base_ref="$registry/frontier-base:$SUITE-dotnet$runtime"

  t0="$(now)"
  build_base "$work" "$port" "$SUITE-dotnet$runtime" "$runtime"
  log "base image $base_ref in $(took "$t0")"
  : >"$work/images.txt.partial"
  echo "$base_ref" >>"$work/images.txt.partial"
  for app in "${APPS[@]}"; do
    t="$(now)"
    publish_app "$app" "$registry" "$base_ref" "$tag" >>"$work/images.txt.partial"
    log "$(tail -1 "$work/images.txt.partial") in $(took "$t")"
  done
  mv "$work/images.txt.partial" "$work/images.txt"
  stop_registry "$work"
  trap - EXIT
  log "all images in $(took "$t0"); registry stopped, storage $work/registry ('images.sh serve $work' serves it again)"
  cat "$work/images.txt"
}

# ---------------------------------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------------------------------

FAILURES=0
fail() { printf '[images] FAIL %s\n' "$*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { printf '[images] ok   %s\n' "$*" >&2; }
expect_eq() { if [ "$2" = "$3" ]; then pass "$1: $3"; else fail "$1: expected '$3', got '$2'"; fi; }

# The port each program listens on in a pod (the chart's containerPort; the simulator: vLLM's, as the samples use).
container_port() { if [ "$1" = frontier-simulator ]; then echo 8000; else echo 8080; fi; }

# Manifest and config of one app image, as the registry serves them; the config is kept in DIR/REPOSITORY.config.json.
inspect_app() {
  local ref="$1" base_ref="$2" tag="$3" dir="$4" repository config manifest base_layers label value
  repository="${ref#*/}"; repository="${repository%:*}"
  manifest="$(timeout "$STEP_TIMEOUT" skopeo inspect --tls-verify=false --raw "docker://$ref")" || { fail "$ref: no manifest"; return; }
  config="$(timeout "$STEP_TIMEOUT" skopeo inspect --tls-verify=false --config "docker://$ref")" || { fail "$ref: no config"; return; }
  echo "$config" >"$dir/$repository.config.json"
  base_layers="$(timeout "$STEP_TIMEOUT" skopeo inspect --tls-verify=false --raw "docker://$base_ref" | jq -c '[.layers[].digest]')"
  expect_eq "$ref is the base's layers and more" \
    "$(jq -c --argjson b "$base_layers" '[.layers[].digest] | .[0:($b | length)] == $b and length > ($b | length)' <<<"$manifest")" true
  expect_eq "$ref entrypoint" "$(jq -c '.config.Entrypoint' <<<"$config")" "[\"dotnet\",\"/app/$repository.dll\"]"
  expect_eq "$ref user" "$(jq -r '.config.User' <<<"$config")" "$APP_UID"
  expect_eq "$ref exposed ports" "$(jq -c '.config.ExposedPorts | keys' <<<"$config")" "[\"$(container_port "$repository")/tcp\"]"
  expect_eq "$ref org.opencontainers.image.title" "$(jq -r '.config.Labels["org.opencontainers.image.title"]' <<<"$config")" "$repository"
  expect_eq "$ref org.opencontainers.image.version" "$(jq -r '.config.Labels["org.opencontainers.image.version"]' <<<"$config")" "$tag"
  for label in source description licenses revision; do
    value="$(jq -r --arg k "org.opencontainers.image.$label" '.config.Labels[$k] // ""' <<<"$config")"
    if [ -n "$value" ]; then pass "$ref org.opencontainers.image.$label: $value"; else fail "$ref has no org.opencontainers.image.$label"; fi
  done
}

# Unpacks an image's layers (skopeo copy to an OCI layout, umoci unpack) into DIR/NAME/rootfs, and its config (the
# image's, which keeps entrypoint and cmd apart, unlike umoci's runtime config.json) into DIR/NAME/image.json.
unpack_image() {
  local ref="$1" dir="$2" name="$3"
  timeout "$STEP_TIMEOUT" skopeo copy --quiet --src-tls-verify=false "docker://$ref" "oci:$dir/oci:$name" >&2 \
    && timeout "$STEP_TIMEOUT" umoci unpack --image "$dir/oci:$name" "$dir/$name" >/dev/null \
    && timeout "$STEP_TIMEOUT" skopeo inspect --config "oci:$dir/oci:$name" >"$dir/$name/image.json"
}

# Runs an unpacked image the way its config says (entrypoint, user, working directory, environment) with ARGS in place
# of its Cmd: chroot into ROOTFS in new mount and PID namespaces (/proc, /dev, and a tmpfs on /tmp like the chart's
# emptyDir; the layers have no /dev, as a container runtime creates it), on the host's loopback. In the background, bounded by APP_RUN_TIMEOUT; prints the PID of unshare, whose
# death (--kill-child) kills the app.
APP_RUN_TIMEOUT=180
run_image() {
  local rootfs="$1" config="$2" log="$3" user workdir
  shift 3
  local -a envs entrypoint
  user="$(jq -r '.config.User' "$config")"
  workdir="$(jq -r '.config.WorkingDir // "/"' "$config")"
  mapfile -t envs < <(jq -r '.config.Env[]' "$config")
  mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
  timeout "$APP_RUN_TIMEOUT" unshare --mount --pid --fork --kill-child -- sh -c '
      rootfs="$1"; shift
      mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp"
      mount -t proc proc "$rootfs/proc" && mount --rbind /dev "$rootfs/dev" && mount -t tmpfs -o mode=1777 tmpfs "$rootfs/tmp" || exit 1
      exec "$@"' sh "$rootfs" \
    chroot --userspec="$user:$user" "$rootfs" /usr/bin/env -i -C "$workdir" "${envs[@]}" "${entrypoint[@]}" "$@" \
    >"$log" 2>&1 &
  echo $!
}

wait_http() {
  local url="$1" pid="$2" log="$3" deadline=$((SECONDS + APP_READY_TIMEOUT))
  until curl -fs -o /dev/null "$url"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      fail "$url not answering (log: $(tail -3 "$log" | tr '\n' ' '))"; return 1
    fi
    sleep 0.2
  done
}

chat() {
  curl -fsS --max-time 20 -H 'Content-Type: application/json' \
    -d "{\"model\":\"$2\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":4}" "$1/v1/chat/completions"
}

write_check_routes() {
  local file="$1" model="$2" backend="$3"
  mkdir -p "$(dirname "$file")"
  cat >"$file" <<EOF
apiVersion: frontier.dev/v1alpha1
kind: ModelRoute
metadata: {name: images-check, namespace: default}
spec:
  model: frontier-check
  candidates:
    - {name: sim, benchmark: sim, servedModel: "$model", backend: {url: "$backend"}, replicas: {max: 1}}
EOF
}

# No API server answers there: the operator must still serve /healthz while its worker retries.
write_check_kubeconfig() {
  mkdir -p "$(dirname "$1")"
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "http://127.0.0.1:9"}}]
users: [{name: none, user: {token: none}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
EOF
}

# The three programs started from their images' layers, talking to each other on loopback.
run_apps() {
  local dir="$1" registry="$2" tag="$3" sim_port gw_port op_port model="none" body pid
  local -a pids=()
  sim_port="$(free_port)"; gw_port="$(free_port)"; op_port="$(free_port)"
  for name in frontier-simulator frontier-gateway frontier-operator; do
    unpack_image "$registry/$name:$tag" "$dir" "$name" || { fail "$name: could not unpack"; return; }
  done

  pid="$(run_image "$dir/frontier-simulator/rootfs" "$dir/frontier-simulator.config.json" "$dir/simulator.log" \
    --urls "http://127.0.0.1:$sim_port" --time-scale 0.01)"; pids+=("$pid")
  if wait_http "http://127.0.0.1:$sim_port/health" "$pid" "$dir/simulator.log"; then
    pass "simulator from its image's layers: /health on 127.0.0.1:$sim_port"
    expect_eq "simulator process user" "$(ps -o uid= --ppid "$(pgrep -P "$pid")" | tr -d ' ')" "$APP_UID"
    model="$(curl -fsS "http://127.0.0.1:$sim_port/v1/models" | jq -r '.data[0].id')"
    if body="$(chat "http://127.0.0.1:$sim_port" "$model")"; then
      pass "simulator chat completion ($model): $(jq -r '.usage.completion_tokens' <<<"$body") tokens"
    else fail "simulator chat completion ($model)"; fi
  fi

  write_check_routes "$dir/frontier-gateway/rootfs/etc/frontier/routes.yaml" "$model" "http://127.0.0.1:$sim_port"
  pid="$(run_image "$dir/frontier-gateway/rootfs" "$dir/frontier-gateway.config.json" "$dir/gateway.log" \
    --routes /etc/frontier/routes.yaml --urls "http://127.0.0.1:$gw_port")"; pids+=("$pid")
  if wait_http "http://127.0.0.1:$gw_port/readyz" "$pid" "$dir/gateway.log"; then
    pass "gateway from its image's layers: /readyz on 127.0.0.1:$gw_port"
    if body="$(chat "http://127.0.0.1:$gw_port" frontier-check)"; then
      pass "chat completion through the gateway to the simulator: $(jq -r '.usage.completion_tokens' <<<"$body") tokens"
    else fail "chat completion through the gateway (log: $(tail -3 "$dir/gateway.log" | tr '\n' ' '))"; fi
  fi

  write_check_kubeconfig "$dir/frontier-operator/rootfs/etc/frontier/kubeconfig"
  pid="$(run_image "$dir/frontier-operator/rootfs" "$dir/frontier-operator.config.json" "$dir/operator.log" \
    --urls "http://127.0.0.1:$op_port" --Frontier:Kubeconfig=/etc/frontier/kubeconfig)"; pids+=("$pid")
  wait_http "http://127.0.0.1:$op_port/healthz" "$pid" "$dir/operator.log" \
    && pass "operator from its image's layers: /healthz on 127.0.0.1:$op_port"

  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# The node agent runs a Deployment of the simulator image from its layers (--image-root BUNDLES, bundles as `unpack`
# makes them): on a local cluster (tests/cluster/cluster.sh; its tools installed, the agent built), the Deployment's
# pod turns Ready by its readiness probe, answers /health at its pod IP, its process runs as the image's user, chrooted
# in the image's root filesystem, and it ends when the Deployment is deleted. Arguments: BUNDLES REGISTRY TAG CLUSTER_DIR.
CLUSTER="$REPO/tests/cluster/cluster.sh"
POD_READY_TIMEOUT=120
pod_from_layers() {
  local bundles="$1" registry="$2" tag="$3" cluster="$4" t0 t pod ip pid
  bash "$CLUSTER" check >/dev/null 2>&1 || { fail "pod from layers: the local cluster's tools are missing (bash tests/cluster/cluster.sh install)"; return; }
  t0="$(now)"
  bash "$CLUSTER" start "$cluster" --node-agent-arg="--image-root=$bundles" >&2 || { fail "pod from layers: the local cluster did not start"; return; }
  log "local cluster with the node agent (--image-root $bundles) in $(took "$t0")"
  t="$(now)"
  bash "$CLUSTER" kubectl "$cluster" apply -f - >&2 <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: sim-from-layers, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: sim-from-layers}}
  template:
    metadata: {labels: {app: sim-from-layers}}
    spec:
      containers:
        - name: simulator
          image: $registry/frontier-simulator:$tag
          readinessProbe: {httpGet: {path: /health, port: 8000}, periodSeconds: 1}
EOF
  if bash "$CLUSTER" kubectl "$cluster" wait --for=condition=Available deployment/sim-from-layers --timeout="${POD_READY_TIMEOUT}s" >&2; then
    pod="$(bash "$CLUSTER" kubectl "$cluster" get pods -l app=sim-from-layers -o jsonpath='{.items[0].metadata.name}')"
    ip="$(bash "$CLUSTER" kubectl "$cluster" get pod "$pod" -o jsonpath='{.status.podIP}')"
    pass "pod $pod of image $registry/frontier-simulator:$tag Ready $(took "$t") after the Deployment was applied"
    if curl -fsS --max-time 10 "http://$ip:8000/health" >/dev/null; then pass "pod from layers answers /health at its pod IP $ip:8000"
    else fail "pod from layers: no /health at $ip:8000"; fi
    pid="$(cat "$cluster/pods/default_$pod/simulator.pid" 2>/dev/null || echo none)"
    expect_eq "pod process root" "$(readlink "/proc/$pid/root" 2>/dev/null)" "$bundles/frontier-simulator/rootfs"
    expect_eq "pod process user" "$(ps -o uid= -p "$pid" 2>/dev/null | tr -d ' ')" "$APP_UID"
    t="$(now)"
    bash "$CLUSTER" kubectl "$cluster" delete deployment sim-from-layers >&2
    if bash "$CLUSTER" kubectl "$cluster" wait --for=delete "pod/$pod" --timeout=60s >&2 && ! kill -0 "$pid" 2>/dev/null; then
      pass "Deployment deleted: pod removed and its process gone in $(took "$t") ($(tail -1 "$cluster/pods/default_$pod/simulator.log" | tr -d '='))"
    else fail "pod from layers: pod $pod or its process $pid still there 60 s after the Deployment was deleted"; fi
  else
    fail "pod from layers: not Ready within ${POD_READY_TIMEOUT}s (log: $(tail -3 "$cluster"/pods/default_sim-from-layers-*/simulator.log 2>/dev/null | tr '\n' ' '))"
  fi
  bash "$CLUSTER" stop "$cluster" >&2 || true
}

cmd_check() {
  [ $# -eq 0 ] || usage
  local work t0 tag registry base_ref
  require_tools
  work="$(mktemp -d /tmp/frontier-images-check.XXXXXX)"
  # A cluster of pod_from_layers that an interrupted check left running stops before its bundles go.
  trap "[ ! -d '$work/cluster' ] || bash '$CLUSTER' stop '$work/cluster' >/dev/null 2>&1; stop_registry '$work'; rm -rf '$work'" EXIT
  t0="$(now)"
  ( cmd_build "$work" ) >/dev/null   # a subshell: its EXIT trap does not replace this one
  tag="${FRONTIER_IMAGE_TAG:-$(chart_app_version)}"
  registry="127.0.0.1:$(cat "$work/registry.port")"
  base_ref="$(head -1 "$work/images.txt")"
  start_registry "$work"
  mkdir -p "$work/check"
  for ref in $(tail -n +2 "$work/images.txt"); do inspect_app "$ref" "$base_ref" "$tag" "$work/check"; done
  run_apps "$work/check" "$registry" "$tag"
  stop_registry "$work"   # the node agent pulls nothing: it runs the layers unpacked above
  pod_from_layers "$work/check" "$registry" "$tag" "$work/cluster"
  if [ "$FAILURES" -eq 0 ]; then log "images check: all passed in $(took "$t0")"; else log "images check: $FAILURES failed"; exit 1; fi
}

cmd_unpack() {
  [ $# -eq 2 ] || usage
  local work="$1" bundles="$2" ref name t0
  require_tools
  [ -s "$work/images.txt" ] || die "$work has no images.txt: run 'images.sh build $work' first"
  mkdir -p "$bundles"
  bundles="$(cd "$bundles" && pwd)"
  trap "stop_registry '$work'" EXIT
  start_registry "$work"
  for ref in $(tail -n +2 "$work/images.txt"); do
    t0="$(now)"
    name="${ref##*/}"; name="${name%%:*}"
    rm -rf "${bundles:?}/$name" "$bundles/oci"
    unpack_image "$ref" "$bundles" "$name" || die "$ref: could not unpack into $bundles/$name"
    log "$ref -> $bundles/$name in $(took "$t0")"
  done
  rm -rf "$bundles/oci"
  stop_registry "$work"
  trap - EXIT
}

cmd_serve() {
  [ $# -eq 1 ] || usage
  local work="$1"
  [ -f "$work/registry.yml" ] || die "$work has no registry.yml: run 'images.sh build $work' first"
  exec docker-registry serve "$work/registry.yml"
}

case "${1:-}" in
  build) shift; cmd_build "$@" ;;
  serve) shift; cmd_serve "$@" ;;
  unpack) shift; cmd_unpack "$@" ;;
  check) shift; cmd_check "$@" ;;
  *) usage ;;
esac
