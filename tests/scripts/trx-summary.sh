#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 and prints "N passed, N failed, N skipped".
# Exits non-zero when a test failed or no test ran at all.
set -uo pipefail
dir="${1:?usage: trx-summary.sh RESULTS_DIR}"
passed=0 failed=0 skipped=0
shopt -s nullglob globstar
for trx in "$dir"/**/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  skipped=$((skipped + $(get total) - $(get executed)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # A run that aborted (test host crashed, assembly failed to load) reports no failed test: count it as one.
  if ! grep -q '<ResultSummary outcome="Completed"' "$trx" && [ "$(get failed)" -eq 0 ]; then
    echo "aborted test run: $trx" >&2
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
