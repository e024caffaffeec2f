namespace Frontier.Gateway.Endpoints;

/// <summary>
/// The current <see cref="CandidateBackends"/> of each candidate of one routing snapshot's route, index for index
/// (<see cref="CandidateStates.Backends"/> keeps one per <see cref="RouteEntry"/>; <see cref="EndpointResolver"/> fills
/// it). Also the lock under which <see cref="OutlierDetector"/> decides ejections for the route.
/// </summary>
public sealed class RouteBackends
{
    internal RouteBackends(RouteEntry route)
    {
        Route = route;
        Current = new CandidateBackends?[route.Candidates.Length];
    }

    /// <summary>The route.</summary>
    public RouteEntry Route { get; }

    /// <summary>Per candidate: its backends as last resolved (null before the first resolution).</summary>
    internal CandidateBackends?[] Current { get; }

    /// <summary>The states of every endpoint of every candidate, as last resolved.</summary>
    public IEnumerable<CandidateState> Endpoints()
    {
        foreach (var c in Current)
        {
            if (c is null) continue;
            foreach (var state in c.Endpoints) yield return state;
        }
    }
}
