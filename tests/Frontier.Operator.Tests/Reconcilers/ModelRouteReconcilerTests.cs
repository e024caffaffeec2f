using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Operator.Demand;
using Frontier.Operator.Reconcilers;
using Frontier.Runtime;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Operator.Tests.Reconcilers;

public sealed class ModelRouteReconcilerTests
{
    private static readonly string SampleYaml = File.ReadAllText(Path.Combine(RepoRoot(), "config", "samples", "paper-a800.yaml"));

    private readonly ManifestSet _set = ManifestLoader.LoadText(SampleYaml, "paper-a800.yaml");
    private readonly FakeMetrics _metrics = new();
    private readonly FakeScaler _scaler = new();
    private readonly FakeStatusWriter<ModelRouteStatus> _status = new();
    private readonly FakeEvents _events = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private ModelRoute _route;

    public ModelRouteReconcilerTests()
    {
        _route = _set.FindRoute("chat")!;
        _route.Metadata.Generation = 1;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    private async Task<ModelRouteStatus> Reconcile()
    {
        var reconciler = new ModelRouteReconciler(_ => _route, _set, _metrics, _scaler, _status, _events, new OperatorOptions(), _time, NullLogger<ModelRouteReconciler>.Instance);
        var result = await reconciler.ReconcileAsync(new ObjectKey("default", "chat"), CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RequeueAfter);
        // The API server now holds the status just written.
        _route.Status = _status.Last;
        return _status.Last;
    }

    private static string Condition(ModelRouteStatus status, string type) =>
        status.Conditions!.Single(c => c.Type == type).Status;

    [Fact]
    public async Task Plans_within_budget_scales_and_reports_every_condition()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway", null);
        var status = await Reconcile();
        Assert.True(status.Plan!.HourlyCost <= 12);
        Assert.Equal(1.0, status.Plan.Candidates.Sum(c => c.Weight), 9);
        foreach (var type in new[] { "Ready", "Valid", "MetricsAvailable", "BudgetSatisfiable", "Scaled" }) Assert.Equal("True", Condition(status, type));
        Assert.All(status.Conditions!, c => Assert.Equal(1, c.ObservedGeneration));
        Assert.Equal(1, status.ObservedGeneration);
        Assert.Equal(20, status.Demand!.RequestsPerSecond);
        Assert.Equal("gateway", status.Demand.Source);
        Assert.NotEmpty(status.Frontier!);
        foreach (var c in status.Plan.Candidates) Assert.Equal(c.Replicas, _scaler.Replicas[c.Name!]);
        Assert.Single(_events.Events);
    }

    [Fact]
    public async Task More_demand_changes_the_plan_and_records_an_event()
    {
        _metrics.Next = new RouteMetrics(true, null, 2, "gateway", null);
        var low = await Reconcile();
        _metrics.Next = new RouteMetrics(true, null, 35, "gateway", null);
        var high = await Reconcile();
        Assert.True(high.Plan!.Candidates.Sum(c => c.Replicas) > low.Plan!.Candidates.Sum(c => c.Replicas));
        Assert.Equal(2, _events.Events.Count);
    }

    [Fact]
    public async Task Unchanged_conditions_keep_their_transition_time()
    {
        await Reconcile();
        var first = _status.Last.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime;
        _time.Advance(TimeSpan.FromMinutes(5));
        await Reconcile();
        Assert.Equal(first, _status.Last.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Single(_events.Events);
    }

    [Fact]
    public async Task Prometheus_down_keeps_the_last_plan_and_does_not_scale()
    {
        var planned = await Reconcile();
        var calls = _scaler.Calls.Count;
        _metrics.Next = RouteMetrics.Unavailable("connection refused");
        _time.Advance(TimeSpan.FromSeconds(30));
        var kept = await Reconcile();
        Assert.Equal("False", Condition(kept, "MetricsAvailable"));
        Assert.Contains("connection refused", kept.Conditions!.Single(c => c.Type == "MetricsAvailable").Message);
        Assert.Equal("True", Condition(kept, "Ready"));
        Assert.Equal(planned.Plan!.HourlyCost, kept.Plan!.HourlyCost);
        Assert.Equal(calls, _scaler.Calls.Count);

        _metrics.Next = new RouteMetrics(true, null, 10, "gateway", null);
        var recovered = await Reconcile();
        Assert.Equal("True", Condition(recovered, "MetricsAvailable"));
    }

    [Fact]
    public async Task Without_metrics_or_a_plan_it_plans_for_the_configured_floor()
    {
        _route.Spec.Demand = new DemandSpec { FloorRequestsPerSecond = 3 };
        _metrics.Next = RouteMetrics.Unavailable("no Prometheus configured");
        var status = await Reconcile();
        Assert.Equal(3, status.Demand!.RequestsPerSecond);
        Assert.Equal("configured floor", status.Demand.Source);
        Assert.NotNull(status.Plan);
        Assert.NotEmpty(_scaler.Calls);
    }

    [Fact]
    public async Task A_missing_benchmark_is_reported_by_field_and_nothing_is_scaled()
    {
        _route.Spec.Candidates![1].Benchmark = "no-such-benchmark";
        var status = await Reconcile();
        Assert.Equal("False", Condition(status, "Valid"));
        var valid = status.Conditions!.Single(c => c.Type == "Valid");
        Assert.Equal("MissingReference", valid.Reason);
        Assert.Contains("spec.candidates[1].benchmark", valid.Message);
        Assert.Equal("False", Condition(status, "Ready"));
        Assert.Empty(_scaler.Calls);
    }

    [Fact]
    public async Task Inverted_replica_bounds_are_invalid()
    {
        _route.Spec.Candidates![0].Replicas = new ReplicaBoundsSpec { Min = 3, Max = 1 };
        var status = await Reconcile();
        Assert.Contains("spec.candidates[0].replicas", status.Conditions!.Single(c => c.Type == "Valid").Message);
        Assert.Empty(_scaler.Calls);
    }

    [Fact]
    public async Task Quality_on_mixed_benchmarks_needs_an_inline_quality()
    {
        var other = _set.FindBenchmark("default", "qwen2-5-14b")!;
        other.Spec.Benchmark!.Name = "MMLU";
        var status = await Reconcile();
        Assert.Contains("spec.candidates[2].quality", status.Conditions!.Single(c => c.Type == "Valid").Message);
    }

    [Fact]
    public async Task A_budget_below_the_minimum_replicas_is_invalid_and_nothing_is_scaled()
    {
        _route.Spec.Budget = new BudgetSpec { MaxHourlyCost = 1 };
        var status = await Reconcile();
        Assert.Equal("False", Condition(status, "Valid"));
        Assert.Equal("BudgetBelowMinimumReplicas", status.Conditions!.Single(c => c.Type == "Valid").Reason);
        Assert.Contains("maxHourlyCost", status.Conditions!.Single(c => c.Type == "Valid").Message);
        Assert.Empty(_scaler.Calls);
    }

    [Fact]
    public async Task A_deleted_deployment_is_a_condition_not_an_exception()
    {
        _scaler.Missing.Add("wingpt");
        var status = await Reconcile();
        Assert.Equal("False", Condition(status, "Scaled"));
        Assert.Equal("DeploymentNotFound", status.Conditions!.Single(c => c.Type == "Scaled").Reason);
        Assert.Equal("False", Condition(status, "Ready"));
    }

    [Fact]
    public async Task Measured_power_changes_the_cost_of_the_plan()
    {
        _metrics.Next = new RouteMetrics(true, null, 10, "gateway", null);
        var assumed = await Reconcile();
        _metrics.Next = new RouteMetrics(true, null, 10, "gateway", 4.0);
        var measured = await Reconcile();
        Assert.True(measured.Plan!.HourlyCost > assumed.Plan!.HourlyCost, $"{measured.Plan.HourlyCost} vs {assumed.Plan.HourlyCost}");
    }

    [Fact]
    public async Task Live_vllm_throughput_calibrates_capacity_and_is_reported()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway", null);
        var offline = await Reconcile();
        var wingpt = offline.Plan!.Candidates.Single(c => c.Name == "wingpt");
        Assert.Equal(1, wingpt.ThroughputFactor);
        Assert.StartsWith("assumed", offline.Plan.PowerSource, StringComparison.Ordinal);

        // Each wingpt replica serves twice what the benchmark says at 64 in flight.
        var benchmark = ProductionCurveFor("wingpt-3-5");
        var at64 = benchmark.RequestsPerSecondAt(64);
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway", 0.35)
        {
            Live = new Dictionary<string, (double, double)> { ["wingpt"] = (64.0 * wingpt.Replicas, 1.6 * at64 * wingpt.Replicas) },
        };
        var live = await Reconcile();
        Assert.Equal(1.6, live.Plan!.Candidates.Single(c => c.Name == "wingpt").ThroughputFactor, 6);
        Assert.Equal(1, live.Plan.Candidates.Single(c => c.Name == "qwen72b").ThroughputFactor);
        Assert.Contains("DCGM: 350 W", live.Plan.PowerSource, StringComparison.Ordinal);
    }

    private Frontier.Economics.Curves.ProductionCurve ProductionCurveFor(string benchmark) =>
        Frontier.Economics.Curves.ProductionCurve.Build(Frontier.Planning.EconomicsMapper.ToBenchmarkData(
            _set.FindBenchmark("default", benchmark)!, _set.FindGpuProfile("a800-80g")!));
}
