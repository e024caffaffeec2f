#!/usr/bin/env bash
# Gateway overhead benchmark, same machine, same run, loopback only, bounded in time:
#   (a) wrk → simulator directly, (b) wrk → nginx (plain reverse proxy) → simulator,
#   (c) wrk → bare YARP forwarder (tests/Frontier.ProxyBaseline: no gateway logic) → simulator,
#   (d) wrk → Frontier.Gateway → simulator,
#   (e) wrk → Portkey's AI gateway (@portkey-ai/gateway 1.15.2 on node, provider openai, custom host) → simulator;
#       installed from npm into ~/.cache/frontier/portkey on first use, held to 127.0.0.1 by node-listen-loopback.mjs
#       (it listens on every address otherwise).
# Prints req/s and p50/p99 latency for each and the ratios gateway/nginx, gateway/direct and gateway/yarp
# (the last one is the share of YARP's own throughput the gateway's work leaves).
# Usage: bash tests/scripts/bench-gateway.sh [DURATION_SECONDS=15] [CONNECTIONS=32]
#   GATEWAY_DLL=path/frontier-gateway.dll benchmarks another build of the gateway (e.g. an older commit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
duration="${1:-15}"
connections="${2:-32}"
work="$(mktemp -d /tmp/frontier-bench-gateway.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.25; done; echo "not up: $1" >&2; tail -n 20 "$work"/*.log >&2; exit 1; }

portkey_dir="${PORTKEY_DIR:-$HOME/.cache/frontier/portkey}"
portkey_js="$portkey_dir/node_modules/@portkey-ai/gateway/build/start-server.js"
if [ ! -f "$portkey_js" ]; then
  mkdir -p "$portkey_dir"
  (cd "$portkey_dir" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --ignore-scripts @portkey-ai/gateway@1.15.2 >/dev/null)
fi
for project in src/Frontier.Simulator src/Frontier.Gateway tests/Frontier.ProxyBaseline; do dotnet build -c Release "$project" --nologo -v quiet >/dev/null; done
sim_port=$(free_port); nginx_port=$(free_port); yarp_port=$(free_port); gw_port=$(free_port); portkey_port=$(free_port)

# The simulator answers almost at once (time scale 1e-6): we measure the proxies, not the model.
Logging__LogLevel__Default=Warning dotnet src/Frontier.Simulator/bin/Release/net10.0/frontier-simulator.dll \
  --benchmark config/samples/paper-a800.yaml --name wingpt-3-5 --time-scale 0.000001 --urls "http://127.0.0.1:$sim_port" >"$work/sim.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$sim_port/health"

cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  upstream sim { server 127.0.0.1:$sim_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://sim; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -g 'daemon off;' >"$work/nginx.log" 2>&1 &
pids+=($!)

cat >"$work/routes.yaml" <<ROUTES
apiVersion: frontier.dev/v1alpha1
kind: ModelRoute
metadata: {name: chat, namespace: default}
spec:
  model: chat
  candidates:
    - {name: wingpt, benchmark: wingpt-3-5, servedModel: WiNGPT-3.5, backend: {url: "http://127.0.0.1:$sim_port"}, replicas: {min: 1, max: 1}}
status:
  plan:
    hourlyCost: 1.58
    expectedQuality: 76.2
    candidates:
      - {name: wingpt, weight: 1, replicas: 1, concurrencyPerReplica: 100000, maxInFlight: 100000, costPerRequestUsd: 0.0001}
ROUTES
DOTNET_gcServer="${GATEWAY_GC_SERVER:-1}" Logging__LogLevel__Default=Warning dotnet "${GATEWAY_DLL:-src/Frontier.Gateway/bin/Release/net10.0/frontier-gateway.dll}" \
  --routes "$work/routes.yaml" --urls "http://127.0.0.1:$gw_port" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$gw_port/readyz"
DOTNET_gcServer="${GATEWAY_GC_SERVER:-1}" dotnet tests/Frontier.ProxyBaseline/bin/Release/net10.0/frontier-proxy-baseline.dll \
  --destination "http://127.0.0.1:$sim_port" --urls "http://127.0.0.1:$yarp_port" >"$work/yarp.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$yarp_port/health"
wait_http "http://127.0.0.1:$nginx_port/health"
(cd "$work" && NODE_ENV=production node --import "$root/tests/scripts/node-listen-loopback.mjs" "$portkey_js" --port="$portkey_port" --headless >"$work/portkey.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 120); do curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -H 'x-portkey-provider: openai' \
  -H "x-portkey-custom-host: http://127.0.0.1:$sim_port/v1" -H 'Authorization: Bearer none' \
  -d '{"model":"WiNGPT-3.5","messages":[{"role":"user","content":"x"}]}' "http://127.0.0.1:$portkey_port/v1/chat/completions" 2>/dev/null && break; sleep 0.25; done

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
if os.getenv("CUSTOM_HOST") then
  wrk.headers["x-portkey-provider"] = "openai"
  wrk.headers["x-portkey-custom-host"] = os.getenv("CUSTOM_HOST")
  wrk.headers["Authorization"] = "Bearer none"
end
LUA

run() { # name url model
  local out
  out=$(BODY="{\"model\":\"$3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8}" \
    wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${duration}s" --timeout 5s --latency -s "$work/post.lua" "$2/v1/chat/completions")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$1 $rps $p50 $p99 ${non2xx:-0}" >>"$work/results"
}
: >"$work/results"
curl -fsS -X POST -H 'Content-Type: application/json' -d '{"model":"chat","messages":[{"role":"user","content":"x"}]}' "http://127.0.0.1:$gw_port/v1/chat/completions" >/dev/null
run direct "http://127.0.0.1:$sim_port" WiNGPT-3.5
run nginx "http://127.0.0.1:$nginx_port" WiNGPT-3.5
run yarp "http://127.0.0.1:$yarp_port" WiNGPT-3.5
run gateway "http://127.0.0.1:$gw_port" chat
CUSTOM_HOST="http://127.0.0.1:$sim_port/v1" run portkey "http://127.0.0.1:$portkey_port" WiNGPT-3.5

python3 - "$work/results" <<'PY'
import sys
def ms(v):
    v = v.strip()
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if v.endswith(unit): return float(v[:-len(unit)]) * f
    return float(v)
rows = {}
for line in open(sys.argv[1]):
    name, rps, p50, p99, non2xx = line.split()
    rows[name] = (float(rps), ms(p50), ms(p99), int(non2xx))
print("| target | req/s | p50 ms | p99 ms | non-2xx |")
print("|---|---:|---:|---:|---:|")
for name in ("direct", "nginx", "yarp", "gateway", "portkey"):
    r = rows[name]; print(f"| {name} | {r[0]:.0f} | {r[1]:.3f} | {r[2]:.3f} | {r[3]} |")
g, n, d, y, p = rows["gateway"], rows["nginx"], rows["direct"], rows["yarp"], rows["portkey"]
print(f"\nthroughput: gateway/nginx {g[0]/n[0]:.2f}x   gateway/direct {g[0]/d[0]:.2f}x   gateway/yarp {g[0]/y[0]:.2f}x   gateway/portkey {g[0]/p[0]:.2f}x   yarp/nginx {y[0]/n[0]:.2f}x")
print(f"added p50 over direct: gateway {g[1]-d[1]:+.3f} ms, yarp {y[1]-d[1]:+.3f} ms, nginx {n[1]-d[1]:+.3f} ms, portkey {p[1]-d[1]:+.3f} ms")
PY
