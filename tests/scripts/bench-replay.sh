#!/usr/bin/env bash
# The trace replay's speed and memory (issue 9's goals: the shipped hour, every policy, ≤ 5 s; 1 M requests ≤ 60 s;
# memory bounded by requests in flight, not by the trace's length).
#  1. BenchmarkDotNet (short job): the shipped hour through every policy against a trivial pass that only reads the
#     trace (the baseline, measured in the same run: the Ratio column).
#  2. The CLI as a user runs it, timed with /usr/bin/time: the shipped hour, every policy; then ~1 M synthetic requests
#     (a diurnal pattern over 40,000 s at 10–40 req/s), every policy. Wall time and peak RSS of each: the RSS of the
#     second should stay close to the first although it replays 50× more requests.
# Bounded: each step has a timeout (BENCH_TIMEOUT seconds, default 600). Nothing is left running.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
artifacts="$root/tests/Frontier.Benchmarks/BenchmarkDotNet.Artifacts"
timeout_seconds="${BENCH_TIMEOUT:-600}"

rm -f "$artifacts"/results/*ReplayBenchmarks-report*   # never report a stale table
timeout --kill-after=30 "$timeout_seconds" \
    dotnet run -c Release --project tests/Frontier.Benchmarks -- \
    --filter '*ReplayBenchmarks*' --job short --artifacts "$artifacts" "$@"
echo
cat "$artifacts"/results/*ReplayBenchmarks-report-github.md

dotnet build src/Frontier.Cli -c Release -v quiet -nologo >/dev/null
cli="$root/src/Frontier.Cli/bin/Release/net10.0/frontier.dll"
run() {
    local label="$1"; shift
    local out
    out="$( { timeout --kill-after=10 "$timeout_seconds" /usr/bin/time -f "%e %M" dotnet "$cli" replay --route chat "$@" >/dev/null; } 2>&1 | tail -1)"
    read -r seconds kb <<<"$out"
    printf '%-48s %8.2f s  %8d KB peak RSS\n' "$label" "$seconds" "$kb"
}
echo
echo "CLI end to end (process start included):"
run "shipped hour (19,366 → ~93k requests), all" --policy all
run "diurnal 10–40 req/s over 40,000 s (~1 M), all" --pattern diurnal:10,40,40000 --rate-scale 1 --policy all
