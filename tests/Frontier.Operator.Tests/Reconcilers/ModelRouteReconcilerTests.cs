using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Operator.Demand;
using Frontier.Operator.Metrics;
using Frontier.Operator.Reconcilers;
using Frontier.Operator.Scaling;
using Frontier.Runtime;
using Frontier.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Operator.Tests.Reconcilers;

public sealed class ModelRouteReconcilerTests
{
    internal static readonly string SampleYaml = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml"));

    private readonly ManifestSet _set;
    private readonly FakeMetrics _metrics = new();
    private readonly FakeScaler _scaler = new();
    private readonly FakeStatusWriter<ModelRoute, ModelRouteStatus> _status = new();
    private readonly FakeEvents _events = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly string _routeKey = $"default/chat-{Guid.NewGuid():N}";
    private ModelRoute? _route;
    private ModelRouteReconciler? _reconciler;

    public ModelRouteReconcilerTests()
    {
        _set = ManifestLoader.LoadText(SampleYaml, "paper-a800.yaml");
        _route = _set.FindRoute("chat")!;
        _route.Metadata.Generation = 1;
    }

    private ModelRoute Route => _route!;

    /// <summary>The test's reconciler: one instance, as the operator runs one, so what it remembers across passes (the scaling
    /// window, scheduling holds) carries from pass to pass.</summary>
    private ModelRouteReconciler Reconciler() => _reconciler ??=
        new(_ => _route, _set, _metrics, _scaler, _status, _events, new OperatorOptions(), _time, NullLogger<ModelRouteReconciler>.Instance);

    /// <summary>One pass; returns the status the route carries afterwards (the fake writer stores writes on the route, as the informer would see them).</summary>
    private async Task<ModelRouteStatus> Reconcile()
    {
        var result = await Reconciler().ReconcileAsync(new ObjectKey("default", _routeKey[8..]), CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RequeueAfter);
        return Route.Status!;
    }

    private static V1ConditionView Condition(ModelRouteStatus status, string type) => new(status.Conditions!.Single(c => c.Type == type));

    [Fact]
    public async Task Plans_within_budget_scales_and_reports_every_condition()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var status = await Reconcile();
        Assert.True(status.Plan!.HourlyCost <= 12);
        Assert.Equal(1.0, status.Plan.Candidates.Sum(c => c.Weight), 9);
        foreach (var type in new[] { "Ready", "Valid", "MetricsAvailable", "BudgetSatisfiable", "Scaled" }) Assert.Equal("True", Condition(status, type).Status);
        Assert.All(status.Conditions!, c => Assert.Equal(1, c.ObservedGeneration));
        Assert.Equal(1, status.ObservedGeneration);
        Assert.Equal(20, status.Demand!.RequestsPerSecond);
        Assert.Equal("gateway", status.Demand.Source);
        Assert.NotEmpty(status.Frontier!);
        foreach (var c in status.Plan.Candidates) Assert.Equal(c.Replicas, _scaler.Replicas[c.Name!]);
        Assert.All(_scaler.Calls, call => Assert.Equal("chat", call.Route));
        Assert.Single(_events.Events);
    }

    [Fact]
    public async Task More_demand_changes_the_plan_and_records_an_event()
    {
        _metrics.Next = new RouteMetrics(true, null, 2, "gateway");
        var low = await Reconcile();
        var lowReplicas = low.Plan!.Candidates.Sum(c => c.Replicas);
        _metrics.Next = new RouteMetrics(true, null, 35, "gateway");
        var high = await Reconcile();
        Assert.True(high.Plan!.Candidates.Sum(c => c.Replicas) > lowReplicas);
        Assert.Equal(2, _events.Events.Count);
    }

    [Fact]
    public async Task A_steady_route_writes_nothing_after_its_first_plan()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var first = await Reconcile();
        var planned = first.LastPlanTime;
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Reconcile();
        }
        Assert.Single(_status.Writes);
        Assert.Equal(planned, Route.Status!.LastPlanTime);
        Assert.Single(_events.Events);
    }

    [Fact]
    public async Task Demand_inside_the_dead_band_keeps_the_plan_and_beyond_it_rewrites_it()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var first = await Reconcile();
        _time.Advance(TimeSpan.FromSeconds(30));

        _metrics.Next = new RouteMetrics(true, null, 20.9, "gateway");
        var within = await Reconcile();
        Assert.Single(_status.Writes);
        Assert.Equal(20, within.Demand!.RequestsPerSecond);
        Assert.Equal(first.LastPlanTime, within.LastPlanTime);

        _time.Advance(TimeSpan.FromSeconds(30));
        _metrics.Next = new RouteMetrics(true, null, 21.2, "gateway");
        var beyond = await Reconcile();
        Assert.Equal(2, _status.Writes.Count);
        Assert.Equal(21.2, beyond.Demand!.RequestsPerSecond);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, beyond.LastPlanTime);
    }

    [Fact]
    public async Task A_spec_change_replans_even_when_demand_is_inside_the_band()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        await Reconcile();
        Route.Metadata.Generation = 2;
        Route.Spec.Budget!.MaxHourlyCost = 30;
        _metrics.Next = new RouteMetrics(true, null, 20.5, "gateway");
        var replanned = await Reconcile();
        Assert.Equal(2, _status.Writes.Count);
        Assert.Equal(2, replanned.ObservedGeneration);
        Assert.Equal(20.5, replanned.Demand!.RequestsPerSecond);
    }

    [Fact]
    public async Task Unchanged_conditions_keep_their_transition_time()
    {
        await Reconcile();
        var first = Route.Status!.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime;
        _time.Advance(TimeSpan.FromMinutes(5));
        _metrics.Next = new RouteMetrics(true, null, 30, "gateway");
        await Reconcile();
        Assert.Equal(2, _status.Writes.Count);
        Assert.Equal(first, Route.Status!.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime);
    }

    [Fact]
    public async Task Prometheus_down_keeps_the_last_plan_applied_and_writes_once()
    {
        var planned = await Reconcile();
        var applied = _scaler.Calls.ToList();
        _metrics.Next = RouteMetrics.Unavailable("connection refused");
        _time.Advance(TimeSpan.FromSeconds(30));
        var kept = await Reconcile();
        Assert.Equal("False", Condition(kept, "MetricsAvailable").Status);
        Assert.Contains("connection refused", Condition(kept, "MetricsAvailable").Message);
        Assert.Equal("True", Condition(kept, "Ready").Status);
        Assert.Equal(planned.Plan!.HourlyCost, kept.Plan!.HourlyCost);
        // The kept plan stays applied: the same replicas are asked for again (a Deployment that opts in meanwhile follows it).
        Assert.Equal(applied, _scaler.Calls.Skip(applied.Count));
        _time.Advance(TimeSpan.FromSeconds(30));
        await Reconcile();
        Assert.Equal(2, _status.Writes.Count);

        _metrics.Next = new RouteMetrics(true, null, 10, "gateway");
        var recovered = await Reconcile();
        Assert.Equal("True", Condition(recovered, "MetricsAvailable").Status);
    }

    [Fact]
    public async Task Without_metrics_or_a_plan_it_plans_for_the_configured_floor()
    {
        Route.Spec.Demand = new DemandSpec { FloorRequestsPerSecond = 3 };
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
        Route.Spec.Candidates![1].Benchmark = "no-such-benchmark";
        var status = await Reconcile();
        var valid = Condition(status, "Valid");
        Assert.Equal("False", valid.Status);
        Assert.Equal("MissingReference", valid.Reason);
        Assert.Contains("spec.candidates[1].benchmark", valid.Message);
        Assert.Equal("False", Condition(status, "Ready").Status);
        Assert.Empty(_scaler.Calls);
    }

    [Fact]
    public async Task The_reason_comes_from_the_kind_of_problem_not_from_words_in_its_message()
    {
        // Candidates scored on different benchmarks need an inline quality; the benchmark's name is free text that
        // ends up in the message. Today's "not found" in a message does not make it a missing reference.
        var other = _set.FindBenchmark("default", "qwen2-5-14b")!;
        other.Spec.Benchmark!.Name = "MMLU (answers not found: 3)";
        var status = await Reconcile();
        var valid = Condition(status, "Valid");
        Assert.Contains("not found", valid.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidSpec", valid.Reason);
    }

    [Fact]
    public async Task Inverted_replica_bounds_are_invalid()
    {
        Route.Spec.Candidates![0].Replicas = new ReplicaBoundsSpec { Min = 3, Max = 1 };
        var status = await Reconcile();
        Assert.Contains("spec.candidates[0].replicas", Condition(status, "Valid").Message);
        Assert.Equal("InvalidSpec", Condition(status, "Valid").Reason);
        Assert.Empty(_scaler.Calls);
    }

    [Fact]
    public async Task Quality_on_mixed_benchmarks_needs_an_inline_quality()
    {
        var other = _set.FindBenchmark("default", "qwen2-5-14b")!;
        other.Spec.Benchmark!.Name = "MMLU";
        var status = await Reconcile();
        Assert.Contains("spec.candidates[2].quality", Condition(status, "Valid").Message);
    }

    [Fact]
    public async Task A_budget_below_the_minimum_replicas_is_invalid_nothing_is_scaled_and_a_second_pass_changes_nothing()
    {
        Route.Spec.Budget = new BudgetSpec { MaxHourlyCost = 1 };
        var status = await Reconcile();
        var valid = Condition(status, "Valid");
        Assert.Equal("False", valid.Status);
        Assert.Equal("BudgetBelowMinimumReplicas", valid.Reason);
        Assert.Contains("maxHourlyCost", valid.Message);
        Assert.Empty(_scaler.Calls);

        // The Valid condition is decided once per pass: it does not flip to True and back, so its transition time stays.
        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await Reconcile();
        Assert.Equal(valid.LastTransitionTime, Condition(again, "Valid").LastTransitionTime);
        Assert.Single(_status.Writes);
    }

    [Fact]
    public async Task A_deleted_deployment_is_a_condition_not_an_exception()
    {
        _scaler.Refusals["wingpt"] = new ScaleOutcome("wingpt", ScaleResult.NotFound, "Deployment default/wingpt not found; create it");
        var status = await Reconcile();
        Assert.Equal("False", Condition(status, "Scaled").Status);
        Assert.Equal("DeploymentNotFound", Condition(status, "Scaled").Reason);
        Assert.Equal("False", Condition(status, "Ready").Status);
    }

    [Fact]
    public async Task A_deployment_that_did_not_opt_in_is_reported_with_how_to_opt_in()
    {
        var hint = OptIn.Hint("default", "wingpt", "chat", null);
        _scaler.Refusals["wingpt"] = new ScaleOutcome("wingpt", ScaleResult.NotOptedIn, hint);
        var status = await Reconcile();
        var scaled = Condition(status, "Scaled");
        Assert.Equal(("False", "DeploymentNotOptedIn"), (scaled.Status, scaled.Reason));
        Assert.Contains("kubectl label deployment wingpt -n default frontier.dev/route=chat", scaled.Message, StringComparison.Ordinal);
        Assert.Equal(("False", "DeploymentNotOptedIn"), (Condition(status, "Ready").Status, Condition(status, "Ready").Reason));
    }

    [Fact]
    public async Task Scaled_says_which_deployments_are_not_all_ready_yet_and_stops_saying_it_once_they_are()
    {
        var first = await Reconcile();
        var planned = first.Plan!.Candidates.Where(c => c.Replicas > 0).ToList();
        Assert.Equal("ReplicasSet", Condition(first, "Scaled").Reason); // the fake's Deployments are all ready

        var starting = planned[0];
        _scaler.ReadyReplicas[starting.Name!] = starting.Replicas - 1;
        _time.Advance(TimeSpan.FromSeconds(30));
        var scaled = Condition(await Reconcile(), "Scaled");
        Assert.Equal(("True", "ReplicasStarting"), (scaled.Status, scaled.Reason));
        Assert.EndsWith($"not all ready yet: {starting.Name} {starting.Replicas - 1} of {starting.Replicas} ready", scaled.Message, StringComparison.Ordinal);

        _scaler.ReadyReplicas.Remove(starting.Name!);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(("True", "ReplicasSet"), (Condition(await Reconcile(), "Scaled").Status, Condition(_status.Last, "Scaled").Reason));
    }

    [Fact]
    public async Task A_scale_failure_whose_message_says_not_found_is_still_a_failure()
    {
        _scaler.Refusals["wingpt"] = new ScaleOutcome("wingpt", ScaleResult.Failed, "scaling Deployment default/wingpt failed: 422 quota not found");
        var status = await Reconcile();
        Assert.Equal("ScaleFailed", Condition(status, "Scaled").Reason);
    }

    [Fact]
    public async Task Measured_power_changes_the_cost_of_the_plan()
    {
        _metrics.Next = new RouteMetrics(true, null, 10, "gateway");
        var assumed = await Reconcile();
        var assumedCost = assumed.Plan!.HourlyCost;
        _metrics.Next = new RouteMetrics(true, null, 10, "gateway") { PowerKwPerGpu = new Dictionary<string, double> { ["a800-80g"] = 4.0 } };
        var measured = await Reconcile();
        Assert.True(measured.Plan!.HourlyCost > assumedCost, $"{measured.Plan.HourlyCost} vs {assumedCost}");
        Assert.Equal("DCGM for a800-80g (mean per GPU of their pods); spec.tco.powerKw elsewhere", measured.Plan.PowerSource);
    }

    [Fact]
    public async Task A_profile_newly_measured_rewrites_the_plan_but_its_power_wandering_does_not()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        await Reconcile();
        // Close to the assumed 0.4 kW: no figure moves by 5%, yet the plan now rests on a measurement.
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway") { PowerKwPerGpu = new Dictionary<string, double> { ["a800-80g"] = 0.39 } };
        var measured = await Reconcile();
        Assert.Equal(2, _status.Writes.Count);
        Assert.StartsWith("DCGM for a800-80g ", measured.Plan!.PowerSource, StringComparison.Ordinal);
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway") { PowerKwPerGpu = new Dictionary<string, double> { ["a800-80g"] = 0.42 } };
        await Reconcile();
        Assert.Equal(2, _status.Writes.Count);
    }

    [Fact]
    public async Task Power_is_asked_per_gpu_profile_for_the_candidates_deployments()
    {
        await Reconcile();
        var groups = Assert.Single(_metrics.PowerRequests);
        var group = Assert.Single(groups);
        Assert.Equal("a800-80g", group.GpuProfile);
        Assert.Equal(["qwen72b", "wingpt", "qwen14b"], group.Deployments);
    }

    [Fact]
    public async Task Live_vllm_throughput_calibrates_capacity_and_is_reported()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var offline = await Reconcile();
        var wingpt = offline.Plan!.Candidates.Single(c => c.Name == "wingpt");
        Assert.Equal(1, wingpt.ThroughputFactor);
        Assert.StartsWith("assumed", offline.Plan.PowerSource, StringComparison.Ordinal);

        // Each wingpt replica serves 1.6 times what the benchmark says at 64 in flight.
        var benchmark = ProductionCurveFor("wingpt-3-5");
        var at64 = benchmark.RequestsPerSecondAt(64);
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway")
        {
            PowerKwPerGpu = new Dictionary<string, double> { ["a800-80g"] = 0.35 },
            Live = new Dictionary<string, (double, double)> { ["wingpt"] = (64.0 * wingpt.Replicas, 1.6 * at64 * wingpt.Replicas) },
        };
        var live = await Reconcile();
        Assert.Equal(1.6, live.Plan!.Candidates.Single(c => c.Name == "wingpt").ThroughputFactor, 6);
        Assert.Equal(1, live.Plan.Candidates.Single(c => c.Name == "qwen72b").ThroughputFactor);
        Assert.StartsWith("DCGM for a800-80g ", live.Plan.PowerSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_route_forgets_its_gauges()
    {
        await Reconcile();
        var route = _routeKey;
        Assert.Contains(OperatorMetrics.PlanHourlyCost.GetAllLabelValues(), l => l[0] == route);
        Assert.Contains(OperatorMetrics.RouteLastEvaluated.GetAllLabelValues(), l => l[0] == route);

        _route = null;
        await Reconciler().ReconcileAsync(new ObjectKey("default", _routeKey[8..]), CancellationToken.None);
        Assert.DoesNotContain(OperatorMetrics.PlanHourlyCost.GetAllLabelValues(), l => l[0] == route);
        Assert.DoesNotContain(OperatorMetrics.PlanExpectedQuality.GetAllLabelValues(), l => l[0] == route);
        Assert.DoesNotContain(OperatorMetrics.RouteLastEvaluated.GetAllLabelValues(), l => l[0] == route);
    }

    [Fact]
    public async Task The_gauges_show_the_plan_per_candidate_the_conditions_demand_capacity_and_budget()
    {
        var status = await Reconcile();
        var route = _routeKey;
        var plan = status.Plan!;
        foreach (var c in plan.Candidates)
        {
            Assert.Equal(c.Replicas, OperatorMetrics.CandidateReplicas.WithLabels(route, c.Name!).Value);
            Assert.Equal(c.Weight, OperatorMetrics.CandidateWeight.WithLabels(route, c.Name!).Value);
            Assert.Equal(c.MaxInFlight, OperatorMetrics.CandidateMaxInFlight.WithLabels(route, c.Name!).Value);
        }
        foreach (var condition in status.Conditions!)
            Assert.Equal(condition.Status == "True" ? 1 : 0, OperatorMetrics.RouteCondition.WithLabels(route, condition.Type).Value);
        Assert.Equal(status.Demand!.RequestsPerSecond, OperatorMetrics.RouteDemand.WithLabels(route).Value);
        Assert.Equal(Route.Spec.Budget!.MaxHourlyCost!.Value, OperatorMetrics.RouteBudget.WithLabels(route).Value);
        // The plan serves its demand: planned capacity is at least the demand it was planned for.
        Assert.True(OperatorMetrics.RouteCapacity.WithLabels(route).Value >= status.Demand.RequestsPerSecond,
            $"capacity {OperatorMetrics.RouteCapacity.WithLabels(route).Value} < demand {status.Demand.RequestsPerSecond}");

        // A candidate the plan no longer names loses its series; a deleted route loses all of them.
        OperatorMetrics.CandidateWeight.WithLabels(route, "gone").Set(0.5);
        await Reconcile();
        Assert.DoesNotContain(OperatorMetrics.CandidateWeight.GetAllLabelValues(), l => l[0] == route && l[1] == "gone");
        _route = null;
        await Reconciler().ReconcileAsync(new ObjectKey("default", _routeKey[8..]), CancellationToken.None);
        foreach (var gauge in new[] { OperatorMetrics.CandidateReplicas, OperatorMetrics.RouteCondition, OperatorMetrics.RouteDemand, OperatorMetrics.RouteBudget })
            Assert.DoesNotContain(gauge.GetAllLabelValues(), l => l[0] == route);
    }

    [Fact]
    public async Task Every_pass_records_when_the_route_was_last_evaluated()
    {
        await Reconcile();
        _time.Advance(TimeSpan.FromSeconds(30));
        await Reconcile();
        Assert.Single(_status.Writes);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), OperatorMetrics.RouteLastEvaluated.WithLabels(_routeKey).Value);
    }

    [Fact]
    public async Task Make_before_break_a_candidate_given_up_keeps_serving_until_the_replacement_is_ready()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var before = Replicas((await Reconcile()).Plan!);
        Route.Metadata.Generation = 2;
        Route.Spec.Budget!.MaxHourlyCost = 7; // a cheaper mix: some candidates shrink, another grows
        foreach (var (name, replicas) in before) _scaler.ReadyReplicas[name] = replicas; // the new replicas are not ready yet
        _time.Advance(TimeSpan.FromSeconds(30));
        var during = await Reconcile();

        var target = new Dictionary<string, int>(_scaler.Replicas.Where(r => r.Value >= before[r.Key]), StringComparer.Ordinal);
        var shrinking = before.Keys.Where(name => !target.ContainsKey(name)).ToList();
        Assert.True(target.Any(t => t.Value > before[t.Key]), $"nothing grows: {Describe(_scaler.Replicas)} after {Describe(before)}");
        // What shrinks keeps what it had (all of it ready); what grows asks for its target at once.
        foreach (var name in before.Keys.Where(n => _scaler.Replicas[n] < before[n])) Assert.Fail($"{name} gave up replicas before the replacement was ready");
        // The plan the gateway follows counts only ready replicas.
        foreach (var c in during.Plan!.Candidates) Assert.True(c.Replicas <= before[c.Name!], $"{c.Name} {c.Replicas} in the serving plan, {before[c.Name!]} ready");
        var scaled = Condition(during, "Scaled");
        Assert.Equal(("True", "ReplicasStarting"), (scaled.Status, scaled.Reason));

        _scaler.ReadyReplicas.Clear(); // the replacement is ready
        _time.Advance(TimeSpan.FromSeconds(30));
        var after = await Reconcile();
        var final = Replicas(after.Plan!);
        Assert.True(final.Any(f => f.Value < before[f.Key]), $"nothing shrank: {Describe(final)} after {Describe(before)}");
        foreach (var (name, replicas) in final) Assert.Equal(replicas, _scaler.Replicas[name]);
        Assert.Equal("ReplicasSet", Condition(after, "Scaled").Reason);
    }

    [Fact]
    public async Task A_replacement_that_never_turns_ready_stops_holding_the_old_replicas_after_the_grace()
    {
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var before = Replicas((await Reconcile()).Plan!);
        Route.Metadata.Generation = 2;
        Route.Spec.Budget!.MaxHourlyCost = 7;
        foreach (var (name, replicas) in before) _scaler.ReadyReplicas[name] = replicas; // the new replicas never turn ready (crash loop)
        _time.Advance(TimeSpan.FromSeconds(30)); // 12:00:30: the target is first asked for
        var first = await Reconcile();
        var growing = _scaler.Replicas.Where(r => r.Value > before[r.Key]).Select(r => r.Key).ToList();
        var held = new Dictionary<string, int>(_scaler.Replicas);
        Assert.NotEmpty(growing);
        Assert.Equal("ReplicasStarting", Condition(first, "Scaled").Reason);

        // The sample sets no spec.scaling.startupSeconds: 60 s, a grace of 3 minutes. Just inside it, the old replicas stay.
        _time.Advance(TimeSpan.FromSeconds(179));
        await Reconcile();
        Assert.Equal(held, _scaler.Replicas);

        _time.Advance(TimeSpan.FromSeconds(1)); // 3 minutes after the target was first asked for
        var overdue = await Reconcile();
        var shrunk = before.Keys.Where(name => _scaler.Replicas[name] < before[name]).ToList();
        Assert.NotEmpty(shrunk);
        var scaled = Condition(overdue, "Scaled");
        Assert.Equal(("True", "ReplicasNotReady"), (scaled.Status, scaled.Reason));
        foreach (var name in growing)
            Assert.Contains($"{name} {before[name]} of {_scaler.Replicas[name]} ready after 3m, longer than its 3m grace", scaled.Message, StringComparison.Ordinal);
        // The gateway still only sees replicas that serve and stay.
        foreach (var c in overdue.Plan!.Candidates)
            Assert.True(c.Replicas <= Math.Min(before[c.Name!], _scaler.Replicas[c.Name!]), $"{c.Name} {c.Replicas} in the serving plan");
    }

    [Fact]
    public async Task While_new_replicas_start_the_plan_the_gateway_follows_serves_from_the_ready_ones()
    {
        _metrics.Next = new RouteMetrics(true, null, 2, "gateway");
        var low = Replicas((await Reconcile()).Plan!);
        foreach (var (name, replicas) in low) _scaler.ReadyReplicas[name] = replicas;
        _metrics.Next = new RouteMetrics(true, null, 35, "gateway");
        _time.Advance(TimeSpan.FromSeconds(30));
        var starting = await Reconcile();
        Assert.True(_scaler.Replicas.Values.Sum() > low.Values.Sum(), "the Deployments ask for the larger target at once");
        Assert.Equal(low, Replicas(starting.Plan!));
        Assert.Equal("ReplicasStarting", Condition(starting, "Scaled").Reason);

        _scaler.ReadyReplicas.Clear();
        _time.Advance(TimeSpan.FromSeconds(30));
        var ready = await Reconcile();
        Assert.Equal(new Dictionary<string, int>(_scaler.Replicas), Replicas(ready.Plan!));
    }

    [Fact]
    public async Task With_metrics_unavailable_the_plan_the_gateway_follows_still_grows_as_replicas_turn_ready()
    {
        foreach (var name in new[] { "qwen72b", "wingpt", "qwen14b" }) _scaler.ReadyReplicas[name] = 0;
        _metrics.Next = new RouteMetrics(true, null, 20, "gateway");
        var nothingReady = await Reconcile();
        Assert.All(nothingReady.Plan!.Candidates, c => Assert.Equal(0, c.Replicas));
        Assert.True(_scaler.Replicas.Values.Sum() > 0, "the Deployments ask for the target");

        _metrics.Next = RouteMetrics.Unavailable("connection refused");
        _scaler.ReadyReplicas.Clear();
        _time.Advance(TimeSpan.FromSeconds(30));
        var kept = await Reconcile();
        Assert.Equal("PlanKept", Condition(kept, "Ready").Reason);
        Assert.Equal(new Dictionary<string, int>(_scaler.Replicas), Replicas(kept.Plan!));
    }

    [Fact]
    public async Task A_candidate_whose_pods_cannot_be_scheduled_is_planned_around_for_two_minutes()
    {
        _metrics.Next = new RouteMetrics(true, null, 35, "gateway");
        var wanted = Replicas((await Reconcile()).Plan!);
        var wingpt = wanted["wingpt"];
        Assert.True(wingpt >= 2, $"the test needs wingpt at 2 or more, got {wingpt}");
        const string Full = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.";
        _scaler.ReadyReplicas["wingpt"] = 1;
        _scaler.Scheduling["wingpt"] = new PodScheduling(Scheduled: 1, Unschedulable: wingpt - 1, Full);
        _time.Advance(TimeSpan.FromSeconds(30));
        var around = await Reconcile();

        var scaled = Condition(around, "Scaled");
        Assert.Equal(("True", "ReplicasUnschedulable"), (scaled.Status, scaled.Reason));
        Assert.Contains($"wingpt 1 of {wingpt} ready, {wingpt - 1} Pending: {Full}; planned with at most 1 replica until 12:02:30Z", scaled.Message, StringComparison.Ordinal);
        Assert.Equal(1, _scaler.Replicas["wingpt"]);
        Assert.True(_scaler.Replicas.Where(r => r.Key != "wingpt").Sum(r => r.Value) > wanted.Where(r => r.Key != "wingpt").Sum(r => r.Value),
            $"the demand moves to the others: {Describe(_scaler.Replicas)} after {Describe(wanted)}");

        // Scaled down to what fits, no Pod is Pending any more: the hold still stands, and says why.
        _scaler.Scheduling.Remove("wingpt");
        _time.Advance(TimeSpan.FromSeconds(60));
        var held = Condition(await Reconcile(), "Scaled");
        Assert.Equal("ReplicasUnschedulable", held.Reason);
        Assert.Contains($"wingpt planned with at most 1 replica until 12:02:30Z: its Pods could not be scheduled ({Full})", held.Message, StringComparison.Ordinal);
        Assert.Equal(1, _scaler.Replicas["wingpt"]);

        // Two minutes after it was last seen, the plan asks for wingpt again.
        _scaler.ReadyReplicas.Remove("wingpt");
        _time.Advance(TimeSpan.FromSeconds(60));
        var again = await Reconcile();
        Assert.Equal(wingpt, _scaler.Replicas["wingpt"]);
        Assert.Equal("ReplicasSet", Condition(again, "Scaled").Reason);
    }

    private static Dictionary<string, int> Replicas(PlanStatus plan) => plan.Candidates.ToDictionary(c => c.Name!, c => c.Replicas, StringComparer.Ordinal);

    private static string Describe(IEnumerable<KeyValuePair<string, int>> replicas) => string.Join(", ", replicas.Select(r => $"{r.Key}={r.Value}"));

    private Frontier.Economics.Curves.ProductionCurve ProductionCurveFor(string benchmark) =>
        Frontier.Economics.Curves.ProductionCurve.Build(Frontier.Planning.EconomicsMapper.ToBenchmarkData(
            _set.FindBenchmark("default", benchmark)!, _set.FindGpuProfile("a800-80g")!));

    /// <summary>A condition's fields, for asserting in one line.</summary>
    private sealed record V1ConditionView(string Status, string Reason, string Message, DateTime? LastTransitionTime)
    {
        public V1ConditionView(k8s.Models.V1Condition c)
            : this(c.Status, c.Reason, c.Message, c.LastTransitionTime)
        {
        }
    }
}
