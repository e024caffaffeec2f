using Frontier.Api.Schema;
using Frontier.Api;
using Frontier.Planning;
using Frontier.Api.Routes;
using Frontier.Api.Validation;
using Frontier.Economics.Allocation;
using Frontier.Operator.Demand;
using Frontier.Operator.Metrics;
using Frontier.Operator.Scaling;
using Frontier.Runtime;
using Microsoft.Extensions.Logging;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// Level-based reconcile of one ModelRoute: validate, read demand and live figures, plan with the
/// economics, scale Deployments, write status. Every run recomputes everything from the current state.
/// </summary>
internal sealed partial class ModelRouteReconciler(
    Func<ObjectKey, ModelRoute?> routes,
    IResourceCatalog catalog,
    IRouteMetricsReader metrics,
    IScaler scaler,
    IStatusWriter<ModelRouteStatus> statusWriter,
    IEventSink events,
    OperatorOptions options,
    TimeProvider time,
    ILogger<ModelRouteReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var route = routes(key);
        return route is null ? ReconcileResult.Done : await ReconcileRouteAsync(key, route, ct).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> ReconcileRouteAsync(ObjectKey key, ModelRoute route, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var generation = route.Metadata.Generation;
        var previousGeneration = route.Status?.ObservedGeneration;
        // Work on a copy: the route came from the informer's cache, which others read concurrently.
        var status = route.Status is null ? new ModelRouteStatus() : Copies.Deep(route.Status);
        status.Conditions ??= [];
        status.ObservedGeneration = generation;
        var interval = Durations.TryParse(route.Spec.Interval, out var parsed) ? parsed : options.DefaultInterval;

        var errors = SpecValidator.Validate(route).Concat(ReferenceValidator.Validate(route, catalog)).ToList();
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors.Select(e => e.ToString()));
            var reason = errors.Any(e => e.Message.Contains("not found", StringComparison.Ordinal)) ? Reasons.MissingReference : Reasons.InvalidSpec;
            Conditions.Set(status.Conditions, ConditionTypes.Valid, false, reason, message, generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.Ready, false, reason, "the spec is invalid; the last plan (if any) stays in effect until it is fixed", generation, now);
            LogInvalid(logger, key, message);
            await statusWriter.WriteAsync(key, status, ct).ConfigureAwait(false);
            return ReconcileResult.After(interval);
        }
        Conditions.Set(status.Conditions, ConditionTypes.Valid, true, Reasons.SpecValid, "spec and references are valid", generation, now);

        var live = await metrics.ReadAsync(route, ct).ConfigureAwait(false);
        var floor = route.Spec.Demand?.FloorRequestsPerSecond ?? 0;
        double demand;
        string source;
        if (live.Available)
        {
            Conditions.Set(status.Conditions, ConditionTypes.MetricsAvailable, true, Reasons.MetricsRead,
                live.DemandSource is null ? "Prometheus answered; no demand series yet, using the configured floor" : $"demand from {live.DemandSource}", generation, now);
            (demand, source) = live.DemandRequestsPerSecond is { } observed
                ? (Math.Max(observed, floor), observed >= floor ? live.DemandSource! : "configured floor")
                : (floor, "configured floor");
        }
        else
        {
            Conditions.Set(status.Conditions, ConditionTypes.MetricsAvailable, false, Reasons.PrometheusError, live.Problem ?? "metrics unavailable", generation, now);
            var specUnchanged = status.Plan is not null && previousGeneration == generation;
            if (specUnchanged)
            {
                // Fail static: without fresh demand, the plan in effect is the best information there is.
                Conditions.Set(status.Conditions, ConditionTypes.Ready, true, Reasons.PlanKept, "metrics unavailable; keeping the last plan", generation, now);
                await statusWriter.WriteAsync(key, status, ct).ConfigureAwait(false);
                return ReconcileResult.After(interval);
            }
            (demand, source) = status.Demand is { } last ? (Math.Max(last.RequestsPerSecond, floor), "last observed") : (floor, "configured floor");
        }

        var planCatalog = live.PowerKwPerGpu is { } kw ? new PowerAdjustedCatalog(catalog, kw) : catalog;
        var plan = RoutePlanner.Plan(route, planCatalog, demand, live: LivePerReplica(live, status.Plan));
        var allocation = plan.Allocation;
        if (allocation.Infeasibility == Infeasibility.BudgetBelowMinimumReplicas)
        {
            Conditions.Set(status.Conditions, ConditionTypes.Valid, false, nameof(Infeasibility.BudgetBelowMinimumReplicas), allocation.Reason, generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.BudgetSatisfiable, false, nameof(Infeasibility.BudgetBelowMinimumReplicas), allocation.Reason, generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.Ready, false, Reasons.InvalidSpec, "spec.budget cannot pay for replicas.min; nothing was scaled", generation, now);
            await statusWriter.WriteAsync(key, status, ct).ConfigureAwait(false);
            return ReconcileResult.After(interval);
        }
        Conditions.Set(status.Conditions, ConditionTypes.BudgetSatisfiable, allocation.Feasible,
            allocation.Feasible ? Reasons.WithinBudget : allocation.Infeasibility.ToString(), allocation.Reason, generation, now);

        var ns = ResourceNames.NamespaceOf(route);
        var scaleProblems = new List<string>();
        var scaledAny = false;
        var candidates = route.Spec.Candidates ?? [];
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Deployment is not { Length: > 0 } deployment) continue;
            var outcome = await scaler.ScaleAsync(ns, deployment, allocation.Candidates[i].Replicas, ct).ConfigureAwait(false);
            scaledAny = true;
            if (!outcome.Ok) scaleProblems.Add(outcome.Message!);
        }
        if (scaleProblems.Count > 0)
            Conditions.Set(status.Conditions, ConditionTypes.Scaled, false,
                scaleProblems.Any(p => p.Contains("not found", StringComparison.Ordinal)) ? Reasons.DeploymentNotFound : Reasons.ScaleFailed,
                string.Join("; ", scaleProblems), generation, now);
        else
            Conditions.Set(status.Conditions, ConditionTypes.Scaled, true, scaledAny ? Reasons.ReplicasSet : Reasons.NothingToScale,
                scaledAny ? "every candidate Deployment asks for its planned replicas" : "no candidate names a Deployment", generation, now);

        var planStatus = RouteStatusBuilder.Plan(plan);
        planStatus.PowerSource = live.PowerKwPerGpu is { } measured
            ? FormattableString.Invariant($"DCGM: {measured * 1000:0.#} W per GPU")
            : "assumed: spec.tco.powerKw of each GpuProfile";
        var changed = RouteStatusBuilder.Differs(status.Plan, planStatus);
        status.Plan = planStatus;
        status.Frontier = RouteStatusBuilder.Frontier(plan);
        status.Demand = new DemandStatus { RequestsPerSecond = demand, Source = source };
        status.LastPlanTime = now;
        Conditions.Set(status.Conditions, ConditionTypes.Ready, scaleProblems.Count == 0,
            scaleProblems.Count == 0 ? Reasons.PlanApplied : Reasons.ScaleFailed,
            scaleProblems.Count == 0 ? RouteStatusBuilder.Summary(planStatus) : "the plan could not be applied to every Deployment", generation, now);

        var routeLabel = key.ToString();
        OperatorMetrics.PlanHourlyCost.WithLabels(routeLabel).Set(planStatus.HourlyCost);
        OperatorMetrics.PlanExpectedQuality.WithLabels(routeLabel).Set(planStatus.ExpectedQuality);
        if (!await statusWriter.WriteAsync(key, status, ct).ConfigureAwait(false)) return ReconcileResult.Done;
        if (changed)
        {
            LogPlanChanged(logger, key, RouteStatusBuilder.Summary(planStatus));
            await events.RecordAsync(route, "Normal", "PlanChanged",
                FormattableString.Invariant($"{RouteStatusBuilder.Summary(planStatus)} for {demand:0.###} req/s ({source})"), ct).ConfigureAwait(false);
        }
        return ReconcileResult.After(interval);
    }

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
