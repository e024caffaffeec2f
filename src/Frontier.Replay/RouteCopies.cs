using Frontier.Api.Routes;

namespace Frontier.Replay;

/// <summary>Copies of a route with a changed spec or a status, so the product's planner and routing-table builder can run on them.</summary>
internal static class RouteCopies
{
    /// <summary>A copy of <paramref name="route"/> whose spec (a shallow copy) <paramref name="edit"/> changes.</summary>
    public static ModelRoute WithSpec(ModelRoute route, Action<ModelRouteSpec> edit)
    {
        var s = route.Spec;
        var spec = new ModelRouteSpec
        {
            Model = s.Model, Objective = s.Objective, Budget = s.Budget, QualityFloor = s.QualityFloor, Slo = s.Slo,
            Interval = s.Interval, Demand = s.Demand, Metrics = s.Metrics, Candidates = s.Candidates,
        };
        edit(spec);
        return new ModelRoute { ApiVersion = route.ApiVersion, Metadata = route.Metadata, Spec = spec };
    }

    /// <summary>A copy of <paramref name="route"/> as the operator would leave it after planning: status.plan and status.frontier set.</summary>
    public static ModelRoute WithStatus(ModelRoute route, PlanStatus plan, IList<FrontierPointStatus> frontier) =>
        new() { ApiVersion = route.ApiVersion, Metadata = route.Metadata, Spec = route.Spec, Status = new ModelRouteStatus { Plan = plan, Frontier = frontier } };
}
