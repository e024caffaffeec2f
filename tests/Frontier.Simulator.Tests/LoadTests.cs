using Xunit.Abstractions;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Frontier.Economics.Cost;
using Frontier.Economics.Curves;
using Prometheus;

namespace Frontier.Simulator.Tests;

/// <summary>Latency under concurrency, replicas and metrics, over real HTTP.</summary>
[Collection(TimingCollection.Name)]
public class LoadTests(ITestOutputHelper output)
{
    private const string Chat = """{"model":"sim-model","messages":[{"role":"user","content":"hello"}]}""";

    /// <summary>Mean latency of <paramref name="rounds"/> back-to-back requests from each of <paramref name="workers"/> clients.</summary>
    /// <remarks>A first round is not counted: it opens the connections and warms up the thread pool.</remarks>
    private static async Task<double> MeanLatencyAsync(HttpClient client, int workers, int rounds)
    {
        var latencies = await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            var own = new List<double>();
            for (var r = -1; r < rounds; r++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsStringAsync();
                if (r >= 0) own.Add(clock.Elapsed.TotalSeconds);
            }
            return own;
        }));
        return latencies.SelectMany(l => l).Average();
    }

    [Fact]
    public async Task LatencyGrowsWithConcurrency()
    {
        // Default curve at time-scale 0.2: 90 ms alone, 240 ms at 16 in flight.
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.2 });
        var one = await MeanLatencyAsync(sim.Client, 1, 5);
        var sixteen = await MeanLatencyAsync(sim.Client, 16, 3);
        output.WriteLine($"mean latency: {one:F3}s at 1, {sixteen:F3}s at 16 (model: 0.090s, 0.240s)");
        Assert.True(sixteen >= 1.5 * one, $"mean latency {sixteen:F3}s at 16 vs {one:F3}s at 1");
    }

    [Fact]
    public async Task TwoReplicasHalveLatencyAtTheSameLoad()
    {
        // A saturated replica (10 requests/s at any concurrency, so latency is c/10 s): 32 in flight on one
        // replica take 3.2 s, on two 16 each take 1.6 s: exactly half. Time-scale 0.05: 160 ms against 80 ms.
        var saturated = new BenchmarkData("saturated", "sim-model", 1, 1000, 1, HourlyCost.Flat(1),
            [new BenchmarkRun(1, 100), new BenchmarkRun(128, 100)]);
        await using var single = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.05 }, saturated);
        await using var pair = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.05, Replicas = 2 }, saturated);
        var one = await MeanLatencyAsync(single.Client, 32, 2);
        var two = await MeanLatencyAsync(pair.Client, 32, 2);
        one = Math.Min(one, await MeanLatencyAsync(single.Client, 32, 2));
        two = Math.Min(two, await MeanLatencyAsync(pair.Client, 32, 2));
        var ratio = two / one;
        output.WriteLine($"32 in flight: replicas=1 {one:F3}s, replicas=2 {two:F3}s, ratio {ratio:F2} (model: 0.160s at most, 0.080s, 0.50)");
        Assert.True(ratio is > 0.35 and < 0.75, $"replicas=2 {two:F3}s vs replicas=1 {one:F3}s (ratio {ratio:F2})");
    }

    [Fact]
    public async Task MetricsExposeEveryNameAndCountRequests()
    {
        Environment.SetEnvironmentVariable("POD_NAMESPACE", null);
        // Time-scale 1: four in flight per replica take 0.6 s, long enough to scrape them running.
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 1, Replicas = 2 });
        var inFlight = Enumerable.Range(0, 8).Select(_ => sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat))).ToList();
        var busy = await sim.Client.GetStringAsync("/metrics");
        for (var deadline = Stopwatch.StartNew(); Sum(busy, "vllm:num_requests_running") < 8 && deadline.Elapsed < TimeSpan.FromSeconds(5);)
        {
            await Task.Delay(10);
            busy = await sim.Client.GetStringAsync("/metrics");
        }
        foreach (var r in await Task.WhenAll(inFlight)) r.EnsureSuccessStatusCode();
        (await sim.Client.PostAsync("/v1/completions", HttpTests.Body("""{"model":"sim-model","prompt":"abcd","max_tokens":2}"""))).EnsureSuccessStatusCode();
        var text = await sim.Client.GetStringAsync("/metrics");

        foreach (var name in new[]
        {
            "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:request_success_total", "vllm:prompt_tokens_total",
            "vllm:generation_tokens_total", "vllm:time_to_first_token_seconds", "vllm:e2e_request_latency_seconds",
            "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_FB_USED",
        })
            Assert.Matches(new Regex("^# TYPE " + Regex.Escape(name) + " ", RegexOptions.Multiline), text);

        Assert.Equal(9, Sum(text, "vllm:request_success_total"));
        Assert.Equal(8 * 64 + 2, Sum(text, "vllm:generation_tokens_total"));
        Assert.Equal(9, Sum(text, "vllm:e2e_request_latency_seconds_count"));
        Assert.Equal(9, Sum(text, "vllm:time_to_first_token_seconds_count"));
        Assert.Contains("vllm:request_success_total{model_name=\"sim-model\",finished_reason=\"length\"} 1", text);
        Assert.Contains("DCGM_FI_DEV_GPU_UTIL{gpu=\"1\",pod=\"sim-model-sim\",namespace=\"default\"}", text);
        Assert.Equal(0, Sum(text, "vllm:num_requests_running"));
        Assert.Equal(8, Sum(busy, "vllm:num_requests_running"));
        Assert.True(Sum(busy, "DCGM_FI_DEV_GPU_UTIL") > 0);
        Assert.True(Sum(busy, "DCGM_FI_DEV_POWER_USAGE") > Sum(text, "DCGM_FI_DEV_POWER_USAGE"));
        Assert.Equal(2 * 60, Sum(text, "DCGM_FI_DEV_POWER_USAGE"));
    }

    /// <summary>Sum of every sample of <paramref name="series"/> (its exact name, any labels).</summary>
    private static double Sum(string text, string series) =>
        Regex.Matches(text, "^" + Regex.Escape(series) + @"(\{[^}]*\})? (\S+)$", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task OwnRegistryLeavesTheDefaultOneAlone()
    {
        _ = new SimulatorMetrics("m", new ReplicaPool(1, 1), new LatencyModel(Frontier.Economics.Curves.ProductionCurve.Build(ModelSource.DefaultBenchmark())),
            new SimulatorOptions(), 1, "p", "n");
        using var stream = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        Assert.DoesNotContain("vllm", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
