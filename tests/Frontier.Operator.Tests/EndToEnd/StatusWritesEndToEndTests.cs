using Frontier.Api;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// Status writes on the real API server: a write replaces the status (stale fields go), a steady route writes nothing,
/// and a deleted route's gauges go with it.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class StatusWritesEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 180_000)]
    public async Task A_profile_switched_to_an_hourly_price_loses_its_breakdown_and_an_invalid_benchmark_its_best_point()
    {
        var bed = await TestBed.CreateAsync(cluster, "stale");
        var profile = $"switch-{bed.Namespace}";
        await bed.ApplyAsync($$"""
            apiVersion: frontier.dev/v1alpha1
            kind: GpuProfile
            metadata: {name: {{profile}}}
            spec: {tco: {purchasePrice: 15000, depreciationYears: 5, utilization: 0.7, powerKw: 0.4, pue: 1.3, electricityPricePerKwh: 0.1, maintenanceRate: 0.145} }
            """);
        await using var op = await OperatorProcess.StartAsync(cluster, "op-stale", bed.Namespace);
        try
        {
            await Poll.UntilAsync(async () => await bed.GpuProfileAsync(profile), p => p?.Status?.Breakdown is not null, Patience, "a TCO breakdown", () => op.LogTail);
            await bed.Client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch("""{"spec":{"tco":null,"hourlyPrice":2.5}}""", V1Patch.PatchType.MergePatch),
                FrontierApi.Group, FrontierApi.Version, "gpuprofiles", profile);
            var flat = await Poll.UntilAsync(async () => await bed.GpuProfileAsync(profile), p => p?.Status?.Source == "hourlyPrice", Patience, "source hourlyPrice", () => op.LogTail);
            Assert.Equal(2.5, flat.Status!.HourlyCost);
            Assert.Null(flat.Status.Breakdown);

            await Poll.UntilAsync(async () => await bed.BenchmarkAsync("wingpt-3-5"), b => b?.Status?.BestConcurrency is not null, Patience, "wingpt's best point", () => op.LogTail);
            await bed.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"gpuProfile":"no-such-profile"}}""", V1Patch.PatchType.MergePatch),
                FrontierApi.Group, FrontierApi.Version, bed.Namespace, "modelbenchmarks", "wingpt-3-5");
            var invalid = await Poll.UntilAsync(async () => await bed.BenchmarkAsync("wingpt-3-5"),
                b => Conditions(b?.Status?.Conditions, "Valid")?.Status == "False", Patience, "wingpt Valid=False", () => op.LogTail);
            Assert.Equal("MissingReference", Conditions(invalid.Status!.Conditions, "Valid")!.Reason);
            Assert.Null(invalid.Status.BestConcurrency);
            Assert.Null(invalid.Status.ZoneMinConcurrency);
            Assert.Null(invalid.Status.ZoneMaxConcurrency);
            Assert.Null(invalid.Status.CostPerRequestUsd);
        }
        finally
        {
            output.WriteLine(op.LogTail);
            await bed.Client.CustomObjects.DeleteClusterCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, "gpuprofiles", profile);
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task A_steady_route_changes_no_resource_version_over_five_intervals()
    {
        var bed = await TestBed.CreateAsync(cluster, "steady");
        var serving = new ServingExposition();
        serving.Gateway($"{bed.Namespace}/chat", 6);
        serving.Gpu(bed.Namespace, await bed.StartPodAsync("wingpt"), 350);
        await using var exporter = TestExporter.Start(serving.Render);
        var prometheus = new PrometheusServer([("serving", exporter.Target)]);
        await prometheus.InitializeAsync();
        await bed.PatchRouteAsync("""{"spec":{"metrics":{"prometheusUrl":"URL","rateWindow":"5s"}}}""".Replace("URL", prometheus.BaseUrl.ToString(), StringComparison.Ordinal));
        await using var op = await OperatorProcess.StartAsync(cluster, "op-steady", bed.Namespace);
        try
        {
            // Steady: demand (held within the 5% band once rate() has its 5 s window filled), measured power and the plan in place.
            var settled = await Poll.UntilAsync(() => bed.RouteAsync(),
                r => TestBed.IsTrue(r, "Ready") && TestBed.IsTrue(r, "MetricsAvailable") && Math.Abs(r!.Status!.Demand!.RequestsPerSecond - 6) <= 0.3
                     && r.Status.Plan!.PowerSource!.StartsWith("DCGM", StringComparison.Ordinal),
                Patience, "Ready for 6 req/s ± 5% with DCGM power", () => op.LogTail);
            await Task.Delay(Interval);
            var before = await bed.RouteAsync();
            var evaluatedBefore = await LastEvaluatedAsync(op, bed);
            var passesBefore = await RoutePassesAsync(op);

            // Five passes, however long a loaded machine makes them take.
            var passes = await Poll.UntilAsync(async () => await RoutePassesAsync(op) - passesBefore, n => n >= 5, 10 * Interval, "five more passes", () => op.LogTail);
            var after = await bed.RouteAsync();
            output.WriteLine($"resourceVersion {before!.Metadata.ResourceVersion} -> {after!.Metadata.ResourceVersion} over {passes} passes; lastPlanTime {settled.Status!.LastPlanTime:O} -> {after.Status!.LastPlanTime:O}");
            Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
            var evaluatedAfter = await LastEvaluatedAsync(op, bed);
            Assert.True(evaluatedAfter - evaluatedBefore >= 4 * Interval.TotalSeconds,
                $"frontier_operator_route_last_evaluated_timestamp_seconds went from {evaluatedBefore} to {evaluatedAfter} over {passes} passes");
        }
        finally
        {
            output.WriteLine(op.LogTail);
            await prometheus.DisposeAsync();
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_deleted_route_leaves_no_series_behind()
    {
        var bed = await TestBed.CreateAsync(cluster, "forget");
        await using var op = await OperatorProcess.StartAsync(cluster, "op-forget", bed.Namespace);
        try
        {
            await Poll.UntilAsync(() => bed.RouteAsync(), r => r?.Status?.Plan is not null, Patience, "a plan", () => op.LogTail);
            var series = $"route=\"{bed.Namespace}/chat\"";
            await Poll.UntilAsync(async () => await op.MetricsAsync(), m => m!.Contains(series, StringComparison.Ordinal), Patience, "the route's series on /metrics");
            await bed.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, bed.Namespace, "modelroutes", "chat");
            await Poll.UntilAsync(async () => await op.MetricsAsync(), m => !m!.Contains(series, StringComparison.Ordinal), TimeSpan.FromSeconds(20),
                "no series for the deleted route", () => op.LogTail);
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }

    private static V1Condition? Conditions(IEnumerable<V1Condition>? conditions, string type) => Runtime.Conditions.Find(conditions, type);

    /// <summary>frontier_operator_route_last_evaluated_timestamp_seconds of the bed's route; null when it is not exported.</summary>
    private static async Task<double?> LastEvaluatedAsync(OperatorProcess op, TestBed bed) =>
        PrometheusText.Samples(await op.MetricsAsync(), "frontier_operator_route_last_evaluated_timestamp_seconds",
            new Dictionary<string, string> { ["route"] = $"{bed.Namespace}/chat" }).SingleOrDefault()?.Value;

    private static async Task<double> RoutePassesAsync(OperatorProcess op) =>
        PrometheusText.Sum(await op.MetricsAsync(), "frontier_operator_reconciles_total", new Dictionary<string, string> { ["kind"] = "modelroute" });
}
