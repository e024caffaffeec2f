using System.Diagnostics;
using System.Globalization;
using Frontier.Api.Manifests;
using Frontier.Gateway;
using Frontier.Planning;
using Frontier.Replay;
using Frontier.Testing;
using Frontier.Traces;
using Xunit.Abstractions;

namespace Frontier.EndToEnd.Tests;

/// <summary>
/// The replay against the real loop: five minutes of the shipped Azure trace (compressed 2× into 150 s) offered through
/// the gateway of the closed loop (simulators, Prometheus, operator), then the very arrivals the load generator sent
/// replayed by <see cref="TraceReplay"/> with the same route, the simulators' speed-up, no startup (the loop's
/// Deployments have no pods to start) and, like the operator before the load, the floor's plan to begin with. Served and 429 counts, cost (the plan's $/h over time) and the mean quality
/// of what was served must agree within 10%.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class TraceSliceReplayTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private const double TimeScale = 0.01;
    private const double Compression = 2;
    private const double SliceStart = 600;
    private const double SliceSeconds = 300;
    private const double Tolerance = 0.10;

    private const string RouteSpec = """
          model: chat
          objective: MaxQuality
          budget: {maxHourlyCost: 12}
          slo: {maxTtftSeconds: 2}
          interval: 5s
          demand: {floorRequestsPerSecond: 1}
          metrics: {rateWindow: 10s}
          candidates:
            - {name: qwen72b, benchmark: qwen2-5-72b, servedModel: Qwen2.5-72B-Instruct, backend: {url: "BACKEND_qwen72b"}, deployment: qwen72b, replicas: {min: 0, max: 4}}
            - {name: wingpt, benchmark: wingpt-3-5, servedModel: WiNGPT-3.5, backend: {url: "BACKEND_wingpt"}, deployment: wingpt, replicas: {min: 1, max: 6}}
            - {name: qwen14b, benchmark: qwen2-5-14b, servedModel: Qwen2.5-14B-Instruct, backend: {url: "BACKEND_qwen14b"}, deployment: qwen14b, replicas: {min: 0, max: 6}}
        """;

    [Fact(Timeout = 330_000)]
    public async Task A_five_minute_slice_agrees_with_the_real_loop_within_ten_percent()
    {
        // Offered rate per second of the compressed slice.
        var seconds = (int)(SliceSeconds / Compression);
        var perSecond = new double[seconds];
        foreach (var r in AzureTrace.ReadSample().Where(r => r.ArrivalSeconds >= SliceStart && r.ArrivalSeconds < SliceStart + SliceSeconds))
            perSecond[(int)((r.ArrivalSeconds - SliceStart) / Compression)]++;

        await using var world = await ClosedLoopWorld.StartAsync(cluster, RouteSpec, TimeScale, seed: 7);
        await Poll.UntilAsync<Api.Routes.ModelRoute?>(async () => await world.RouteAsync(), r => r?.Status?.Plan is not null && world.GatewayEntry()?.HasPlan == true,
            TimeSpan.FromSeconds(60), "a first plan the gateway routes by");

        // The real loop: the slice through the gateway, the plan's $/h sampled as it changes.
        var costs = new List<(double At, double PerHour)>();
        await using var load = new LoadGenerator<RouteEntry>([world.GatewayUrl], ClosedLoopWorld.Alias, Math.Max(perSecond[0], 0.5), world.GatewayEntry);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var route = await world.RouteAsync();
                lock (costs) costs.Add((load.Now, route.Status?.Plan?.HourlyCost ?? 0));
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < seconds; k++)
        {
            load.SetRate(Math.Max(perSecond[k], 0.5));
            var wait = TimeSpan.FromSeconds(k + 1) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        await load.StopAsync();
        var end = load.Now;
        await stop.CancelAsync();
        await sampler;

        var records = load.Records;
        var realServed = records.Count(r => r.Outcome == LoadOutcome.Answered);
        var realRejected = records.Count(r => r.Outcome == LoadOutcome.Rejected);
        var realCost = Integrate(costs, end);
        var sample = ManifestLoader.LoadText(
            (await File.ReadAllTextAsync(Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml"))).Replace("namespace: default", $"namespace: {world.Namespace}", StringComparison.Ordinal),
            "paper-a800.yaml");
        var route = await world.RouteAsync();
        var plan = RoutePlanner.Plan(route, sample, 1);
        var quality = ClosedLoopWorld.Candidates.ToDictionary(c => c.ServedModel, c => plan.Candidates.Single(a => a.Name == c.Name).Quality, StringComparer.Ordinal);
        var realQuality = records.Where(r => r.Outcome == LoadOutcome.Answered).Average(r => quality[r.ServedModel!]);

        // The replay on the very same arrivals.
        var first = records.Min(r => r.Sent);
        var arrivals = records.Select(r => r.Sent - first).Order().Select(t => new TraceRequest(t, 100, 8)).ToList();
        var replay = TraceReplay.Run(route, sample, new ArrivalSource("load generator", () => arrivals),
            new ReplaySettings(StartupSeconds: 0, RateScale: 1, ServiceSpeedup: 1 / TimeScale, WarmStart: false), [new ReplayPolicy(PolicyKind.Frontier)]).Policies[0];

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"real loop: {records.Count} sent, {realServed} served, {realRejected} 429, cost ${realCost:0.0000} over {end:0} s, mean quality {realQuality:0.00}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay:    {replay.Arrivals} arrivals, {replay.Served} served, {replay.Rejected} 429, {replay.Failed} failed, cost ${replay.CostUsd:0.0000}, mean quality {replay.MeanQuality:0.00}"));
        Assert.Equal(records.Count, replay.Arrivals);
        AssertClose("served", realServed, replay.Served, records.Count);
        AssertClose("429", realRejected, replay.Rejected, records.Count);
        AssertClose("cost", realCost, replay.CostUsd, 0);
        AssertClose("mean quality", realQuality, replay.MeanQuality, 0);

    }

    /// <summary>Within 10% of the larger, or (for counts near zero) within 1% of all requests.</summary>
    private static void AssertClose(string what, double real, double replayed, double requests) =>
        Assert.True(Math.Abs(real - replayed) <= Math.Max(Tolerance * Math.Max(Math.Abs(real), Math.Abs(replayed)), 0.01 * requests),
            string.Create(CultureInfo.InvariantCulture, $"{what}: real loop {real:0.####}, replay {replayed:0.####}"));

    /// <summary>USD spent: the sampled $/h held until the next sample, up to <paramref name="end"/>.</summary>
    private static double Integrate(List<(double At, double PerHour)> samples, double end)
    {
        var total = 0.0;
        for (var i = 0; i < samples.Count; i++)
        {
            var from = Math.Max(0, samples[i].At);
            var to = i + 1 < samples.Count ? samples[i + 1].At : end;
            if (to > from) total += samples[i].PerHour * (Math.Min(to, end) - from) / 3600;
        }
        return total;
    }
}
