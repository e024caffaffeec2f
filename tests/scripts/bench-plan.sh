#!/usr/bin/env bash
# Runs the route-planning benchmarks (tests/Frontier.Benchmarks, PlanBenchmarks) with BenchmarkDotNet's
# short job (1 launch, 3 warm-up and 3 measured iterations) and prints where the results table is.
# The whole run is bounded (BENCH_TIMEOUT, default 15 minutes); on 2 cores it takes about 1.5 minutes
# (2.5 while other builds run). Extra arguments go to BenchmarkDotNet, e.g. --exporters json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
artifacts="$root/tests/Frontier.Benchmarks/BenchmarkDotNet.Artifacts"
timeout_seconds="${BENCH_TIMEOUT:-900}"

rm -f "$artifacts"/results/*PlanBenchmarks-report*   # never report a stale table

status=0
timeout --kill-after=30 "$timeout_seconds" \
    dotnet run -c Release --project tests/Frontier.Benchmarks -- \
    --filter '*PlanBenchmarks*' --job short --artifacts "$artifacts" "$@" || status=$?

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "bench-plan: stopped after ${timeout_seconds}s (raise BENCH_TIMEOUT to allow longer)" >&2
fi

shopt -s nullglob
tables=("$artifacts"/results/*PlanBenchmarks-report-github.md)
if [ "${#tables[@]}" -eq 0 ]; then
    echo "bench-plan: no results table under $artifacts/results" >&2
    exit $(( status == 0 ? 1 : status ))
fi
echo
echo "Results table: ${tables[0]}"
cat "${tables[0]}"
exit "$status"
