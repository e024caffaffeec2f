using Frontier.Api.Routes;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// One reconcile of one route: the route as the informer holds it, the status in effect, and the new status the
/// phases fill in (a deep copy: the informer's object is shared with other readers and must not change).
/// </summary>
internal sealed class RoutePass
{
    public RoutePass(ModelRoute route, DateTime now)
    {
        Route = route;
        Now = now;
        Previous = route.Status ?? new ModelRouteStatus();
        Status = Copies.Deep(Previous);
        Status.Conditions ??= [];
        Status.ObservedGeneration = route.Metadata.Generation;
        Conditions = new ConditionWriter(Status.Conditions, route.Metadata.Generation, now);
    }

    public ModelRoute Route { get; }

    public DateTime Now { get; }

    /// <summary><see cref="Now"/> as a UTC instant, as the pure scaling and rollout decisions take it.</summary>
    public DateTimeOffset At => new(DateTime.SpecifyKind(Now, DateTimeKind.Utc));

    /// <summary>The status in effect before this pass (never null; empty for a new route).</summary>
    public ModelRouteStatus Previous { get; }

    /// <summary>The status this pass writes, if it differs from <see cref="Previous"/>.</summary>
    public ModelRouteStatus Status { get; }

    public ConditionWriter Conditions { get; }

    /// <summary>Requests per second the plan computed in this pass serves (null when no plan was computed).</summary>
    public double? PlannedCapacity { get; set; }

    /// <summary>True when the spec changed since the status in effect was written (or there is none yet).</summary>
    public bool SpecChanged => Previous.ObservedGeneration != Route.Metadata.Generation;

    /// <summary>
    /// Takes the plan phase's answer as the plan in effect: plan, frontier, demand, the budget condition, and
    /// lastPlanTime, which therefore moves only when the plan is (re)written.
    /// </summary>
    public void Adopt(PlanDecision decision, DemandReading demand)
    {
        var allocation = decision.Plan.Allocation;
        Status.Plan = decision.Status;
        Status.Frontier = decision.Frontier;
        Status.Demand = new DemandStatus { RequestsPerSecond = demand.RequestsPerSecond, Source = demand.Source };
        Status.LastPlanTime = Now;
        Conditions.Set(ConditionTypes.BudgetSatisfiable, allocation.Feasible, decision.BudgetReason, allocation.Reason);
    }

    /// <summary>Publishes <paramref name="plan"/> as the plan the gateway follows, the demand and budget in status unchanged (fail static).</summary>
    public void Serve(PlanStatus plan)
    {
        Status.Plan = plan;
        Status.LastPlanTime = Now;
    }
}
