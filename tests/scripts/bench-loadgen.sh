#!/usr/bin/env bash
# Load-generator speed: can `frontier bench` keep up with the server it measures? Same machine, same run, loopback,
# bounded in time: the simulator answers at once (time scale 1e-6) and both clients send the same streaming request
# (16 tokens, usage asked) with 64 in flight: wrk (C, the reference), then frontier bench, alternating ROUNDS times.
# Prints each run's req/s and the ratio bench/wrk per round and over the medians (goal ≥ 0.8), and each client's CPU
# time per request (user+sys from /usr/bin/time; bench's includes its start-up and warm-up), which a loaded machine
# disturbs far less than the rates: the rate a client leaves the server depends on the CPU it takes from it.
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
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null; }
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
  BODY="$body" /usr/bin/time -f "%U %S" -o "$work/wrk.cpu" wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s "$work/post.lua" "$url/v1/chat/completions" >"$work/wrk.out"
  wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  wrk_requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  /usr/bin/time -f "%U %S" -o "$work/bench.cpu" dotnet src/Frontier.Cli/bin/Release/net10.0/frontier.dll bench --url "$url" --model sim-model \
      --concurrency "$connections" --duration "$duration" --warmup 500 --synthetic input=16,output=16 --name loadgen --gpu-profile none --gpus 1 \
      -o "$work/bench.yaml" --output json >"$work/bench.json" 2>"$work/bench.log"
  bench=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["levels"][0]; print(round(l["requestsPerSecond"]), l["failed"], l["requests"] + 500)' "$work/bench.json")
  echo "$round $wrk_rps $bench $wrk_requests $(cat "$work/wrk.cpu") $(cat "$work/bench.cpu")" >>"$work/results"
done

python3 - "$work/results" "$connections" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print("| round | wrk req/s | frontier bench req/s | bench failed | bench/wrk | wrk CPU µs/req | bench CPU µs/req |")
print("|---:|---:|---:|---:|---:|---:|---:|")
ratios, wcpu, bcpu = [], [], []
for r, w, b, failed, bench_requests, wrk_requests, wu, ws, bu, bs in rows:
    ratios.append(float(b) / float(w))
    wcpu.append((float(wu) + float(ws)) / int(wrk_requests) * 1e6)
    bcpu.append((float(bu) + float(bs)) / int(bench_requests) * 1e6)
    print(f"| {r} | {float(w):.0f} | {float(b):.0f} | {failed} | {ratios[-1]:.2f} | {wcpu[-1]:.1f} | {bcpu[-1]:.1f} |")
w = statistics.median(float(r[1]) for r in rows); b = statistics.median(float(r[2]) for r in rows)
print(f"\nmedians at {sys.argv[2]} in flight: wrk {w:.0f} req/s, frontier bench {b:.0f} req/s, ratio {b/w:.2f}x (goal >= 0.8x);"
      f" median ratio per round {statistics.median(ratios):.2f}x; CPU per request wrk {statistics.median(wcpu):.1f} µs, bench {statistics.median(bcpu):.1f} µs")
PY
