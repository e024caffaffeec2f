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
/// Level-based reconcile of one ModelRoute in six phases: validate → demand → observe → plan → scale → status. Every pass
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
        var deployments = await ObserveAsync(pass.Route, ct).ConfigureAwait(false);
        if (demand.KeepPlan)
        {
            // Fail static: without fresh demand, the plan in effect is the best information there is; it stays applied.
            pass.Conditions.Set(ConditionTypes.Valid, true, validation.Reason, validation.Message);
            await ApplyAsync(pass, deployments, KeepTarget(key, pass, deployments), Reasons.PlanKept, "metrics unavailable; keeping the last plan", ct).ConfigureAwait(false);
            return;
        }

        var decision = Plan(key, pass, demand, deployments);
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
        await ApplyAsync(pass, deployments, decision.Scale, Reasons.PlanApplied, RouteStatusBuilder.Summary(pass.Status.Plan!), ct).ConfigureAwait(false);
    }

    /// <summary>Scale, then Scaled and Ready: Ready with <paramref name="reason"/> when every Deployment follows the plan in effect.</summary>
    private async Task ApplyAsync(RoutePass pass, IReadOnlyDictionary<string, DeploymentReading> deployments, ScaleIntent intent,
        string reason, string message, CancellationToken ct)
    {
        var scaled = await ScaleAsync(pass.Route, deployments, intent, ct).ConfigureAwait(false);
        pass.Conditions.Set(ConditionTypes.Scaled, scaled.Ok, scaled.Reason, scaled.Message);
        pass.Conditions.Set(ConditionTypes.Ready, scaled.Ok, scaled.Ok ? reason : scaled.Reason,
            scaled.Ok ? message : "the plan could not be applied to every Deployment; see the Scaled condition");
    }

    /// <summary>
    /// Observe: each candidate Deployment as it stands — whether it may be scaled, what it asks for, how many replicas are
    /// ready and whether its Pods can be scheduled; by candidate name.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, DeploymentReading>> ObserveAsync(ModelRoute route, CancellationToken ct)
    {
        var ns = ResourceNames.NamespaceOf(route);
        var readings = new Dictionary<string, DeploymentReading>(StringComparer.Ordinal);
        foreach (var candidate in route.Spec.Candidates ?? [])
        {
            if (candidate.Deployment is { Length: > 0 } deployment)
                readings[candidate.Name!] = await scaler.ReadAsync(ns, deployment, route.Metadata.Name, ct).ConfigureAwait(false);
        }
        return readings;
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
    /// measured power and vLLM's live throughput, and each candidate whose Pods could not be scheduled capped at those that
    /// were (<see cref="SchedulingHolds"/>). That target is what the Deployments ask for, make-before-break; the plan the
    /// gateway follows is the target once it is ready, else the plan for the ready capacity (<see cref="MakeBeforeBreak"/>).
    /// It replaces the plan in status only when it is a real change.
    /// </summary>
    private PlanDecision Plan(ObjectKey key, RoutePass pass, DemandReading demand, IReadOnlyDictionary<string, DeploymentReading> deployments)
    {
        var measured = demand.Metrics.PowerKwPerGpu;
        var planCatalog = measured.Count > 0 ? new PowerAdjustedCatalog(catalog, measured) : catalog;
        var now = pass.At;
        var planned = _scaling.DemandToPlan(key, pass.Route, now, demand.RequestsPerSecond);
        var live = LivePerReplica(demand.Metrics, pass.Previous.Plan);
        var holds = Holds(key, deployments, now);
        var plan = RoutePlanner.Plan(pass.Route, planCatalog, planned, live: live, replicaCaps: holds.ToDictionary(h => h.Key, h => h.Value.MaxReplicas, StringComparer.Ordinal));
        var target = new TargetPlan(plan, planned, planCatalog, live, holds, RouteStatusBuilder.PowerSource(measured, catalog));
        _scaling.Remember(key, target);

        var (intent, serving) = Rollout(key, pass, target, deployments);
        var planStatus = RouteStatusBuilder.Plan(serving, target.PowerSource);
        var frontier = RouteStatusBuilder.Frontier(plan);
        var decision = new PlanDecision(plan, planStatus, frontier, Rewrite: false) { Scale = intent };
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

    /// <summary>Records the candidates whose Pods the scheduler could not place, and returns every hold in effect.</summary>
    private IReadOnlyDictionary<string, SchedulingHold> Holds(ObjectKey key, IReadOnlyDictionary<string, DeploymentReading> deployments, DateTimeOffset now)
    {
        var holds = _scaling.Holds(key);
        foreach (var (candidate, reading) in deployments)
        {
            if (reading.Scheduling is { Unschedulable: > 0 } scheduling)
            {
                holds.Unschedulable(candidate, scheduling.Scheduled, scheduling.SchedulerMessage ?? "no reason given", now);
                LogUnschedulable(logger, key, candidate, scheduling.Unschedulable, scheduling.Scheduled, scheduling.SchedulerMessage);
            }
        }
        return holds.Active(now);
    }

    /// <summary>
    /// The candidates whose traffic goes to their Deployment's Pods (a <c>backend.service</c>) and whose Deployment was
    /// read: their ready replicas are their capacity. A <c>backend.url</c> may point anywhere, so its readiness is not the
    /// Deployment's to tell.
    /// </summary>
    private static Dictionary<string, ReplicaState> ServedByDeployment(ModelRoute route, IReadOnlyDictionary<string, DeploymentReading> deployments) =>
        (route.Spec.Candidates ?? [])
            .Where(c => c.Backend?.Service is not null && deployments.TryGetValue(c.Name!, out var r) && r.Readable)
            .ToDictionary(c => c.Name!, c => new ReplicaState(deployments[c.Name!].Asked, deployments[c.Name!].Ready), StringComparer.Ordinal);

    private static bool SameCaps(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Count == b.Count && a.All(cap => b.TryGetValue(cap.Key, out var other) && other == cap.Value);

    /// <summary>The lower of the two caps for each candidate either names.</summary>
    private static Dictionary<string, int> Tighter(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        var caps = new Dictionary<string, int>(a, StringComparer.Ordinal);
        foreach (var (name, cap) in b) caps[name] = caps.TryGetValue(name, out var other) ? Math.Min(cap, other) : cap;
        return caps;
    }

    /// <summary>
    /// Make-before-break from <paramref name="target"/> to what is ready: what each Deployment asks for — nothing held any
    /// more for a candidate whose new replicas were not ready within spec.scaling's grace — and the plan the gateway
    /// follows: the target once it is ready, else the plan for the ready replicas that stay (<see cref="MakeBeforeBreak"/>).
    /// </summary>
    private (ScaleIntent Intent, RoutePlan Serving) Rollout(ObjectKey key, RoutePass pass, TargetPlan target, IReadOnlyDictionary<string, DeploymentReading> deployments)
    {
        var route = pass.Route;
        var targets = target.Replicas;
        var states = ServedByDeployment(route, deployments);
        var waited = _scaling.Waits(key).Observe(targets, states, pass.At);
        var givenUp = MakeBeforeBreak.GivenUp(waited, ScalingSettings.From(route.Spec.Scaling).ReadyGrace);
        var asks = new Dictionary<string, int>(targets, StringComparer.Ordinal);
        foreach (var (name, replicas) in MakeBeforeBreak.ReplicasToAsk(targets, states, givenUp.Keys.ToHashSet(StringComparer.Ordinal))) asks[name] = replicas;
        // The ready replicas run (and are paid for) whatever the budget says, so the plan for them is made without it;
        // ready replicas this pass lets go are not counted.
        var serving = target.Plan;
        if (MakeBeforeBreak.ServingCaps(targets, states) is { } readyCaps)
        {
            serving = RoutePlanner.Plan(route, target.Catalog, target.Demand, budgetOverride: double.PositiveInfinity, live: target.Live,
                replicaCaps: Tighter(Tighter(target.HoldCaps, readyCaps), asks));
            serving = serving with { Allocation = MakeBeforeBreak.WithoutIdle(serving.Allocation) };
        }
        return (new ScaleIntent(asks, targets, target.Holds) { NotReady = givenUp }, serving);
    }

    /// <summary>
    /// Fail static: the last target stays applied and the plan the gateway follows keeps up with what is ready. After a
    /// restart (no target remembered) the plan in effect is applied, and no Deployment serving its Pods gives up replicas it asks for.
    /// </summary>
    private ScaleIntent KeepTarget(ObjectKey key, RoutePass pass, IReadOnlyDictionary<string, DeploymentReading> deployments)
    {
        if (_scaling.LastTarget(key) is { } remembered)
        {
            // Pods found unschedulable meanwhile still move demand: the same target made again within the new holds.
            var holds = Holds(key, deployments, pass.At);
            var last = remembered with { Holds = holds };
            if (!SameCaps(remembered.HoldCaps, last.HoldCaps))
                last = last with { Plan = RoutePlanner.Plan(pass.Route, last.Catalog, last.Demand, live: last.Live, replicaCaps: last.HoldCaps) };
            _scaling.Remember(key, last);
            var (intent, serving) = Rollout(key, pass, last, deployments);
            var planStatus = RouteStatusBuilder.Plan(serving, last.PowerSource);
            if (DeadBand.PlanMoved(pass.Status.Plan, planStatus)) pass.Serve(planStatus);
            return intent;
        }
        var asks = pass.Status.Plan!.Candidates.Where(c => c.Name is not null).ToDictionary(c => c.Name!, c => c.Replicas, StringComparer.Ordinal);
        foreach (var (name, state) in ServedByDeployment(pass.Route, deployments))
            asks[name] = Math.Max(asks.TryGetValue(name, out var planned) ? planned : 0, state.Asked);
        return ScaleIntent.Keep(asks);
    }

    /// <summary>Scale: each candidate Deployment that opted in to this route asks for its replicas of <paramref name="intent"/>.</summary>
    private async Task<ScaleReport> ScaleAsync(ModelRoute route, IReadOnlyDictionary<string, DeploymentReading> deployments, ScaleIntent intent, CancellationToken ct)
    {
        var ns = ResourceNames.NamespaceOf(route);
        var outcomes = new List<ScaleOutcome>();
        foreach (var (candidate, reading) in deployments)
        {
            var replicas = intent.Asks.TryGetValue(candidate, out var asked) ? asked : 0;
            var outcome = await scaler.ScaleAsync(ns, reading, replicas, ct).ConfigureAwait(false);
            outcomes.Add(outcome with
            {
                Target = intent.Targets?.GetValueOrDefault(candidate),
                Hold = intent.Holds.GetValueOrDefault(candidate),
                NotReady = intent.NotReady.GetValueOrDefault(candidate),
            });
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "ModelRoute {Key}: {Unschedulable} Pods of candidate {Candidate} cannot be scheduled ({Message}); planning it with at most the {Scheduled} scheduled")]
    private static partial void LogUnschedulable(ILogger logger, ObjectKey key, string candidate, int unschedulable, int scheduled, string? message);

    [LoggerMessage(Level = LogLevel.Information, Message = "ModelRoute {Key} plan changed: {Plan}")]
    private static partial void LogPlanChanged(ILogger logger, ObjectKey key, string plan);
}
