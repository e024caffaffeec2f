#!/usr/bin/env bash
# Load-generator speed: can `frontier bench` keep up with the server it measures? Same machine, same run, loopback,
# bounded in time: the simulator answers at once (time scale 1e-6) and both clients send the same streaming request
# (16 tokens, usage asked) with 64 in flight: wrk (C, the reference), then frontier bench, alternating ROUNDS times.
# Prints each run's req/s and the ratio bench/wrk per round and over the medians (goal ≥ 0.8).
# Usage: bash tests/scripts/bench-loadgen.sh [SECONDS=10] [CONNECTIONS=64] [ROUNDS=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
duration="${1:-10}"
connections="${2:-64}"
rounds="${3:-3}"
work="$(mktemp -d /tmp/frontier-bench-loadgen.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.25; done; echo "not up: $1" >&2; tail -n 20 "$work"/*.log >&2; exit 1; }

for project in src/Frontier.Simulator src/Frontier.Cli; do dotnet build -c Release "$project" --nologo -v quiet >/dev/null; done
port=$(free_port)
url="http://127.0.0.1:$port"
Logging__LogLevel__Default=Warning dotnet src/Frontier.Simulator/bin/Release/net10.0/frontier-simulator.dll \
  --time-scale 0.000001 --urls "$url" >"$work/sim.log" 2>&1 &
pids+=($!)
wait_http "$url/health"

# The very body frontier bench sends for --synthetic input=16,output=16.
body='{"model":"sim-model","messages":[{"role":"user","content":"hi hi hi hi hi hi hi hi hi hi hi hi hi hi hi hi"}],"max_tokens":16,"stream":true,"stream_options":{"include_usage":true}}'
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
LUA

: >"$work/results"
for round in $(seq 1 "$rounds"); do
  wrk_rps=$(BODY="$body" wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s "$work/post.lua" "$url/v1/chat/completions" | awk '/Requests\/sec/ {print $2}')
  bench_rps=$(dotnet src/Frontier.Cli/bin/Release/net10.0/frontier.dll bench --url "$url" --model sim-model --concurrency "$connections" \
      --duration "$duration" --warmup 500 --synthetic input=16,output=16 --name loadgen --gpu-profile none --gpus 1 \
      -o "$work/bench.yaml" --output json 2>"$work/bench.log" \
    | python3 -c 'import json,sys; l=json.load(sys.stdin)["levels"][0]; print(round(l["requestsPerSecond"]), l["failed"])')
  echo "$round $wrk_rps $bench_rps" >>"$work/results"
done

python3 - "$work/results" "$connections" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print(f"| round | wrk req/s | frontier bench req/s | bench failed | bench/wrk |")
print("|---:|---:|---:|---:|---:|")
for r, w, b, failed in rows:
    print(f"| {r} | {float(w):.0f} | {float(b):.0f} | {failed} | {float(b)/float(w):.2f} |")
w = statistics.median(float(r[1]) for r in rows); b = statistics.median(float(r[2]) for r in rows)
print(f"\nmedians at {sys.argv[2]} in flight: wrk {w:.0f} req/s, frontier bench {b:.0f} req/s, ratio {b/w:.2f}x (goal >= 0.8x)")
PY
