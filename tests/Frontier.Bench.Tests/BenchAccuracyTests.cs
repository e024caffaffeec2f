using System.Globalization;
using Frontier.Testing;

namespace Frontier.Bench.Tests;

/// <summary>
/// frontier bench against the real simulator process following <see cref="BenchCurve"/>: what it measures must be the
/// curve — throughput per level within 10%, mean TTFT within 15% — directly and through the real gateway process.
/// </summary>
[Collection(BenchProcesses.Name)]
public sealed class BenchAccuracyTests : IDisposable
{
    private readonly FrontierBench _bench = new();

    [Fact]
    public async Task Measures_the_simulators_curve_and_analyze_reads_the_result()
    {
        await using var simulator = await StartCurveSimulatorAsync();
        var output = _bench.PathOf("measured.yaml");
        var run = await FrontierBench.RunAsync(FrontierBench.BenchArgs(simulator.Url, BenchCurve.ServedModel, "1,4,16", 64, output));
        Assert.True(run.Succeeded, run.ToString());

        var measured = _bench.Load(output);
        AssertFollowsCurve(measured, [1, 4, 16]);
        Assert.Null(measured.Metadata.Annotations);

        var analyze = await FrontierBench.RunAsync(["analyze", "-f", _bench.File("profile.yaml", BenchCurve.ProfileYaml), "-f", output]);
        Assert.True(analyze.Succeeded, analyze.ToString());
        // Throughput grows more slowly than concurrency on this curve, yet cost per request still falls: c=16 is best.
        Assert.Matches(@"measured\s+curve-model\s+0\.0\s+1\s+16\s", analyze.StdOut);
    }

    [Fact]
    public async Task Measures_the_curve_through_the_gateway()
    {
        await using var simulator = await StartCurveSimulatorAsync();
        var routes = _bench.File("routes.yaml", string.Join('\n',
            "apiVersion: frontier.dev/v1alpha1",
            "kind: ModelRoute",
            "metadata: {name: chat, namespace: default}",
            "spec:",
            "  model: chat",
            "  candidates:",
            "    - name: sim",
            "      benchmark: " + BenchCurve.Name,
            "      servedModel: " + BenchCurve.ServedModel,
            "      backend: {url: \"" + simulator.Url + "\"}",
            "      replicas: {min: 1, max: 1}",
            string.Empty));
        var url = $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}";
        await using var gateway = DotnetAppProcess.Start(DotnetAppProcess.BesideTests("frontier-gateway"), ["--routes", routes, "--urls", url], "frontier-gateway",
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) })
            await gateway.WaitUntilHealthyAsync(http, new Uri($"{url}/readyz"), TimeSpan.FromSeconds(45));

        var output = _bench.PathOf("via-gateway.yaml");
        var run = await FrontierBench.RunAsync(FrontierBench.BenchArgs(url, "chat", "4", 64, output));
        Assert.True(run.Succeeded, run.ToString() + "\n" + gateway.LogTail());
        AssertFollowsCurve(_bench.Load(output), [4]);
    }

    private static async Task<FrontierSimulatorProcess> StartCurveSimulatorAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"frontier-bench-curve-{Environment.ProcessId}.yaml");
        await File.WriteAllTextAsync(file, BenchCurve.Yaml);
        // The curve's latency is for the default completion tokens; bench asks for 16, so the simulator's default is 16 too.
        return await FrontierSimulatorProcess.StartBenchmarkAsync(file, BenchCurve.Name, BenchCurve.TimeScale, ["--completion-tokens", "16"]);
    }

    private static void AssertFollowsCurve(Api.Benchmarks.ModelBenchmark measured, int[] levels)
    {
        var requests = measured.Spec.Benchmark!.Requests!.Value;
        Assert.Equal(levels, measured.Spec.Runs!.Select(r => r.Concurrency!.Value));
        foreach (var run in measured.Spec.Runs!)
        {
            var (rps, ttft) = BenchCurve.Points[run.Concurrency!.Value];
            var expectedRps = rps / BenchCurve.TimeScale;
            var measuredRps = requests / run.TotalSeconds!.Value;
            var expectedTtft = ttft * BenchCurve.TimeScale;
            var context = string.Create(CultureInfo.InvariantCulture, $"c={run.Concurrency}: {measuredRps:0.00} req/s (curve {expectedRps:0.00}), TTFT {run.MeanTtftSeconds:0.0000} s (curve {expectedTtft:0.0000})");
            Assert.True(Math.Abs(measuredRps / expectedRps - 1) <= 0.10, context);
            Assert.True(Math.Abs(run.MeanTtftSeconds!.Value / expectedTtft - 1) <= 0.15, context);
            Assert.True(run.P50TtftSeconds <= run.P90TtftSeconds && run.P90TtftSeconds <= run.P99TtftSeconds, context);
            Assert.True(run.P99LatencySeconds >= run.P50LatencySeconds, context);
            Assert.Equal(16L * requests, run.OutputTokens);
        }
    }

    public void Dispose() => _bench.Dispose();
}
