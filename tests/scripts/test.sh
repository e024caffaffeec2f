#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed, N skipped".
# This is the README's test command (via `make test`) and what .ci/run calls. Later issues make it
# install and start the real servers the tests need (kube-apiserver, etcd, Prometheus) before the run.
set -uo pipefail
cd "$(dirname "$0")/../.."

results="${FRONTIER_TEST_RESULTS:-$(mktemp -d /tmp/frontier-test-results.XXXXXX)}"
rm -rf "$results" && mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash tests/cluster/cluster.sh install || { echo "FAILED: bash tests/cluster/cluster.sh install (kube-apiserver, etcd, Prometheus, kubectl, helm for the tests); see its output above" >&2; exit 1; }
dotnet build Operator.sln -c Release --nologo -v quiet  # warnings are errors via Directory.Build.props
build=$?
status=$build
if [ "$build" -eq 0 ]; then
  dotnet test Operator.sln -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
  status=$?
fi

bash tests/scripts/trx-summary.sh "$results"
summary=$?
if [ "$build" -ne 0 ]; then echo "build failed" >&2; fi
[ "$status" -eq 0 ] && [ "$summary" -eq 0 ] && exit 0
exit 1
