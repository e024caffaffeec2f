#!/usr/bin/env bash
# A/B of the gateway's request-body work (RequestBody.Inspect + Rewrite, as GatewayBodyBenchmarks.OnePass) between
# BASE_REV and the working tree, in one process: both versions of src/Frontier.Gateway/RequestBody.cs (and
# RequestFacts.cs, BodyProblem.cs where they exist) are compiled side by side (namespaces Base and Current) with
# tests/Frontier.Benchmarks/ChatBodies.cs, then timed in alternating rounds; each round keeps the best of 300 batches,
# which a busy machine disturbs far less than a short BenchmarkDotNet job. Prints µs per request and Current/Base.
# Usage: bash tests/scripts/bench-request-body.sh [BASE_REV=HEAD~1] [ROUNDS=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="${1:-HEAD~1}"
rounds="${2:-5}"
work="$(mktemp -d /tmp/frontier-bench-body.XXXXXX)"
trap 'rm -rf "$work"' EXIT

for f in RequestBody RequestFacts BodyProblem; do
  if git -C "$root" cat-file -e "$base:src/Frontier.Gateway/$f.cs" 2>/dev/null; then
    git -C "$root" show "$base:src/Frontier.Gateway/$f.cs" | sed 's/^namespace Frontier.Gateway;/namespace Base;/' >"$work/Base$f.cs"
  fi
  if [ -f "$root/src/Frontier.Gateway/$f.cs" ]; then
    sed 's/^namespace Frontier.Gateway;/namespace Current;/' "$root/src/Frontier.Gateway/$f.cs" >"$work/Current$f.cs"
  fi
done
cat >"$work/ab.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize><NoWarn>\$(NoWarn);CS1591</NoWarn>
  </PropertyGroup>
  <ItemGroup><Compile Include="$root/tests/Frontier.Benchmarks/ChatBodies.cs" /></ItemGroup>
</Project>
PROJ
cat >"$work/Program.cs" <<'CS'
using System.Diagnostics;
using Frontier.Benchmarks;

var rounds = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
byte[]? sink = null;
foreach (var size in new[] { 4096, 65536 })
{
    var body = ChatBodies.Streamed(size);
    var batch = size < 16384 ? 200 : 20;
    double Best(Action run)
    {
        var best = double.MaxValue;
        for (var r = 0; r < 300; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < batch; i++) run();
            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / batch);
        }
        return best;
    }
    var baseTimes = new List<double>();
    var currentTimes = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        baseTimes.Add(Best(() => { var f = Base.RequestBody.Inspect(body); sink = Base.RequestBody.Rewrite(body, f, "Qwen2.5-72B-Instruct", askForUsage: f.Stream && !f.ClientAskedForUsage); }));
        currentTimes.Add(Best(() => { var f = Current.RequestBody.Inspect(body); sink = Current.RequestBody.Rewrite(body, f, "Qwen2.5-72B-Instruct", askForUsage: f.Stream && !f.ClientAskedForUsage); }));
    }
    string List(List<double> xs) => string.Join(' ', xs.Select(x => x.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
    Console.WriteLine($"{body.Length,6} B: base {baseTimes.Min(),8:F2} us  current {currentTimes.Min(),8:F2} us  current/base {currentTimes.Min() / baseTimes.Min():F2}" +
        $"  (rounds: base {List(baseTimes)}; current {List(currentTimes)})");
}
GC.KeepAlive(sink);
CS
echo "request body A/B: base $(git -C "$root" rev-parse --short "$base") vs the working tree; load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release --project "$work/ab.csproj" -- "$rounds" >"$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
grep -v ': warning ' "$work/out.txt"
