using Frontier.Api.Schema;
using Frontier.Api;
using Frontier.Planning;
using Frontier.Api.Routes;
using Frontier.Api.Validation;
using Frontier.Operator.Demand;
using Frontier.Operator.Metrics;
using Frontier.Operator.Scaling;
using Frontier.Runtime;
using Microsoft.Extensions.Logging;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// Level-based reconcile of one ModelRoute in five phases: validate → demand → plan → scale → status. Every pass
/// recomputes everything from the current state; status is written only when something really changed (a condition,
/// the plan, demand beyond the <see cref="DeadBand"/>), so a steady route costs the API server nothing.
/// </summary>
internal sealed partial class ModelRouteReconciler(
    Func<ObjectKey, ModelRoute?> routes,
    IResourceCatalog catalog,
    IRouteMetricsReader metrics,
    IScaler scaler,
    IStatusWriter<ModelRoute, ModelRouteStatus> statusWriter,
    IEventSink events,
    OperatorOptions options,
    TimeProvider time,
    ILogger<ModelRouteReconciler> logger) : IReconciler
{
    private readonly RouteScaling _scaling = new();

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (routes(key) is not { } route)
        {
            // Deleted: its per-route series go with it.
            OperatorMetrics.ForgetRoute(key.ToString());
            _scaling.Forget(key);
            return ReconcileResult.Done;
        }
        var now = time.GetUtcNow();
        var pass = new RoutePass(route, now.UtcDateTime);
        await EvaluateAsync(key, pass, ct).ConfigureAwait(false);
        var written = await StatusUpdates.WriteIfChangedAsync(statusWriter, route, pass.Status, ct).ConfigureAwait(false);
        Report(key, pass, now);
        if (written == StatusWrite.Gone) return ReconcileResult.Done;
        if (written == StatusWrite.Written && pass.Status.Plan is { } plan && RouteStatusBuilder.Differs(pass.Previous.Plan, plan))
        {
            LogPlanChanged(logger, key, RouteStatusBuilder.Summary(plan));
            await events.RecordAsync(route, "Normal", "PlanChanged",
                FormattableString.Invariant($"{RouteStatusBuilder.Summary(plan)} for {pass.Status.Demand?.RequestsPerSecond:0.###} req/s ({pass.Status.Demand?.Source})"), ct).ConfigureAwait(false);
        }
        return ReconcileResult.After(Durations.TryParse(route.Spec.Interval, out var interval) ? interval : options.DefaultInterval);
    }

    /// <summary>Runs the phases into <paramref name="pass"/>'s status; each condition is set once, with its final value.</summary>
    private async Task EvaluateAsync(ObjectKey key, RoutePass pass, CancellationToken ct)
    {
        var validation = Validate(pass.Route);
        if (!validation.Valid)
        {
            pass.Conditions.Set(ConditionTypes.Valid, false, validation.Reason, validation.Message);
            pass.Conditions.Set(ConditionTypes.Ready, false, validation.Reason, "the spec is invalid; the last plan (if any) stays in effect until it is fixed");
            LogInvalid(logger, key, validation.Message);
            return;
        }

        var demand = await ReadDemandAsync(pass, ct).ConfigureAwait(false);
        pass.Conditions.Set(ConditionTypes.MetricsAvailable, demand.Metrics.Available,
            demand.Metrics.Available ? Reasons.MetricsRead : Reasons.PrometheusError, MetricsMessage(demand.Metrics));
        if (demand.KeepPlan)
        {
            // Fail static: without fresh demand, the plan in effect is the best information there is; it stays applied.
            pass.Conditions.Set(ConditionTypes.Valid, true, validation.Reason, validation.Message);
            await ApplyAsync(pass, Reasons.PlanKept, "metrics unavailable; keeping the last plan", ct).ConfigureAwait(false);
            return;
        }

        var decision = Plan(key, pass, demand);
        pass.PlannedCapacity = decision.Plan.Allocation.Candidates.Sum(c => c.CapacityRequestsPerSecond);
        if (decision.BudgetBelowMinimum)
        {
            var reason = decision.BudgetReason;
            pass.Conditions.Set(ConditionTypes.Valid, false, reason, decision.Plan.Allocation.Reason);
            pass.Conditions.Set(ConditionTypes.BudgetSatisfiable, false, reason, decision.Plan.Allocation.Reason);
            pass.Conditions.Set(ConditionTypes.Ready, false, Reasons.InvalidSpec, "spec.budget cannot pay for replicas.min; nothing was scaled");
            return;
        }
        pass.Conditions.Set(ConditionTypes.Valid, true, validation.Reason, validation.Message);
        if (decision.Rewrite) pass.Adopt(decision, demand);
        await ApplyAsync(pass, Reasons.PlanApplied, RouteStatusBuilder.Summary(pass.Status.Plan!), ct).ConfigureAwait(false);
    }

    /// <summary>Scale, then Scaled and Ready: Ready with <paramref name="reason"/> when every Deployment follows the plan in effect.</summary>
    private async Task ApplyAsync(RoutePass pass, string reason, string message, CancellationToken ct)
    {
        var scaled = await ScaleAsync(pass.Route, pass.Status.Plan!, ct).ConfigureAwait(false);
        pass.Conditions.Set(ConditionTypes.Scaled, scaled.Ok, scaled.Reason, scaled.Message);
        pass.Conditions.Set(ConditionTypes.Ready, scaled.Ok, scaled.Ok ? reason : scaled.Reason,
            scaled.Ok ? message : "the plan could not be applied to every Deployment; see the Scaled condition");
    }

    /// <summary>Validate: the spec's own rules and that everything it names exists.</summary>
    private ValidationOutcome Validate(ModelRoute route) =>
        ValidationOutcome.Of(SpecValidator.Validate(route).Concat(ReferenceValidator.Validate(route, catalog)).ToList());

    /// <summary>
    /// Demand: what Prometheus says (demand, live figures, measured power), the demand to plan for, and whether to keep
    /// the plan as it is because metrics are unavailable.
    /// </summary>
    private async Task<DemandReading> ReadDemandAsync(RoutePass pass, CancellationToken ct)
    {
        var live = await metrics.ReadAsync(pass.Route, PowerGroups(pass.Route), ct).ConfigureAwait(false);
        var held = pass.Previous.Demand;
        var floor = pass.Route.Spec.Demand?.FloorRequestsPerSecond ?? 0;
        double demand;
        string source;
        if (live.Available)
        {
            (demand, source) = live.DemandRequestsPerSecond is { } observed
                ? (Math.Max(observed, floor), observed >= floor ? live.DemandSource! : "configured floor")
                : (floor, "configured floor");
        }
        else if (pass.Previous.Plan is not null && !pass.SpecChanged)
        {
            return new DemandReading(live, held?.RequestsPerSecond ?? floor, held?.Source ?? "configured floor", Moved: false, KeepPlan: true);
        }
        else
        {
            (demand, source) = held is not null ? (Math.Max(held.RequestsPerSecond, floor), "last observed") : (floor, "configured floor");
        }

        var moved = held is null || pass.SpecChanged || DeadBand.Beyond(held.RequestsPerSecond, demand);
        return moved
            ? new DemandReading(live, demand, source, Moved: true, KeepPlan: false)
            : new DemandReading(live, held!.RequestsPerSecond, held.Source ?? source, Moved: false, KeepPlan: false);
    }

    /// <summary>
    /// Plan: the economics on the demand read — turned into the demand to plan for by spec.scaling (headroom, scale-down
    /// stabilization, startup lookahead; <see cref="ScalingPolicy"/>, which the trace replay tuned) — with each GpuProfile's
    /// measured power and vLLM's live throughput; the result replaces the plan in status only when it is a real change.
    /// </summary>
    private PlanDecision Plan(ObjectKey key, RoutePass pass, DemandReading demand)
    {
        var measured = demand.Metrics.PowerKwPerGpu;
        var planCatalog = measured.Count > 0 ? new PowerAdjustedCatalog(catalog, measured) : catalog;
        var planned = _scaling.DemandToPlan(key, pass.Route, new DateTimeOffset(DateTime.SpecifyKind(pass.Now, DateTimeKind.Utc)), demand.RequestsPerSecond);
        var plan = RoutePlanner.Plan(pass.Route, planCatalog, planned, live: LivePerReplica(demand.Metrics, pass.Previous.Plan));
        var planStatus = RouteStatusBuilder.Plan(plan, RouteStatusBuilder.PowerSource(measured, catalog));
        var frontier = RouteStatusBuilder.Frontier(plan);
        var decision = new PlanDecision(plan, planStatus, frontier, Rewrite: false);
        var budget = Conditions.Find(pass.Previous.Conditions, ConditionTypes.BudgetSatisfiable);
        return decision with
        {
            Rewrite = pass.SpecChanged || demand.Moved
                || DeadBand.PlanMoved(pass.Previous.Plan, planStatus)
                || DeadBand.FrontierMoved(pass.Previous.Frontier, frontier)
                || budget?.Status != (plan.Allocation.Feasible ? "True" : "False")
                || budget.Reason != decision.BudgetReason,
        };
    }

    /// <summary>Scale: each candidate Deployment that opted in to this route asks for the replicas of the plan in effect.</summary>
    private async Task<ScaleReport> ScaleAsync(ModelRoute route, PlanStatus plan, CancellationToken ct)
    {
        var ns = ResourceNames.NamespaceOf(route);
        var outcomes = new List<ScaleOutcome>();
        foreach (var candidate in route.Spec.Candidates ?? [])
        {
            if (candidate.Deployment is not { Length: > 0 } deployment) continue;
            var replicas = plan.Candidates.FirstOrDefault(c => c.Name == candidate.Name)?.Replicas ?? 0;
            outcomes.Add(await scaler.ScaleAsync(ns, deployment, route.Metadata.Name, replicas, ct).ConfigureAwait(false));
        }
        return ScaleReport.Of(outcomes);
    }

    /// <summary>
    /// Status (the part that is not the object): the route's gauges — when it was last evaluated, its conditions,
    /// demand, budget and SLO, and the plan in effect per candidate — for dashboards and alerts.
    /// </summary>
    private static void Report(ObjectKey key, RoutePass pass, DateTimeOffset now)
    {
        var route = key.ToString();
        OperatorMetrics.RouteLastEvaluated.WithLabels(route).Set(now.ToUnixTimeMilliseconds() / 1000.0);
        foreach (var condition in pass.Status.Conditions ?? [])
            OperatorMetrics.RouteCondition.WithLabels(route, condition.Type).Set(condition.Status == "True" ? 1 : 0);
        SetOrForget(OperatorMetrics.RouteBudget, route, pass.Route.Spec.Budget?.MaxHourlyCost);
        SetOrForget(OperatorMetrics.RouteTtftSlo, route, pass.Route.Spec.Slo?.MaxTtftSeconds);
        if (pass.Status.Demand is { } demand) OperatorMetrics.RouteDemand.WithLabels(route).Set(demand.RequestsPerSecond);
        if (pass.PlannedCapacity is { } capacity) OperatorMetrics.RouteCapacity.WithLabels(route).Set(capacity);
        if (pass.Status.Plan is not { } plan) return;
        OperatorMetrics.PlanHourlyCost.WithLabels(route).Set(plan.HourlyCost);
        OperatorMetrics.PlanExpectedQuality.WithLabels(route).Set(plan.ExpectedQuality);
        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in plan.Candidates.Where(c => c.Name is not null))
        {
            planned.Add(c.Name!);
            OperatorMetrics.CandidateReplicas.WithLabels(route, c.Name!).Set(c.Replicas);
            OperatorMetrics.CandidateWeight.WithLabels(route, c.Name!).Set(c.Weight);
            OperatorMetrics.CandidateMaxInFlight.WithLabels(route, c.Name!).Set(c.MaxInFlight);
        }
        OperatorMetrics.ForgetCandidatesExcept(route, planned);
    }

    private static void SetOrForget(global::Prometheus.Gauge gauge, string route, double? value)
    {
        if (value is { } v) gauge.WithLabels(route).Set(v);
        else gauge.RemoveLabelled(route);
    }

    /// <summary>The candidates with a Deployment, grouped by the GpuProfile their replicas run on.</summary>
    private List<PowerGroup> PowerGroups(ModelRoute route)
    {
        var ns = ResourceNames.NamespaceOf(route);
        return (route.Spec.Candidates ?? [])
            .Where(c => c.Deployment is { Length: > 0 })
            .Select(c => (Profile: c.GpuProfile ?? catalog.FindBenchmark(ns, c.Benchmark!)?.Spec.GpuProfile, Deployment: c.Deployment!))
            .Where(c => c.Profile is not null)
            .GroupBy(c => c.Profile!, StringComparer.Ordinal)
            .Select(g => new PowerGroup(g.Key, g.Select(c => c.Deployment).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    private static string MetricsMessage(RouteMetrics live) => live switch
    {
        { Available: false } => live.Problem ?? "metrics unavailable",
        { DemandSource: null } => "Prometheus answered; no demand series yet, using the configured floor",
        _ => $"demand from {live.DemandSource}",
    };

    /// <summary>vLLM's figures divided by the replicas the last plan ran; nothing before there is a plan.</summary>
    private static Dictionary<string, LiveObservation>? LivePerReplica(RouteMetrics metrics, PlanStatus? previous)
    {
        if (previous is null || metrics.Live.Count == 0) return null;
        var perReplica = new Dictionary<string, LiveObservation>(StringComparer.Ordinal);
        foreach (var c in previous.Candidates)
        {
            if (c.Name is { } name && c.Replicas > 0 && metrics.Live.TryGetValue(name, out var seen))
                perReplica[name] = new LiveObservation(seen.Running / c.Replicas, seen.RequestsPerSecond / c.Replicas);
        }
        return perReplica;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ModelRoute {Key} is invalid: {Problems}")]
    private static partial void LogInvalid(ILogger logger, ObjectKey key, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "ModelRoute {Key} plan changed: {Plan}")]
    private static partial void LogPlanChanged(ILogger logger, ObjectKey key, string plan);
}
