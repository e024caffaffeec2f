using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Gateway;
using Frontier.Planning;

namespace Frontier.Replay;

/// <summary>
/// A policy's control loop: given the demand it may know at a tick, plans with the product's <see cref="RoutePlanner"/>
/// (on the route as written, or on a copy restricted to one candidate) and turns the plan into replicas and the
/// gateway's routing entry with the gateway's own <see cref="RoutingTableBuilder"/>.
/// </summary>
internal sealed class ReplayController
{
    private readonly ModelRoute _route;
    private readonly IResourceCatalog _catalog;
    private readonly ReplayPolicy _policy;
    private readonly double _share;
    private readonly bool _foresight;
    private readonly ModelRoute _bestOnly;
    private readonly ModelRoute _cheapestOnly;
    private readonly ScalingPolicy _scaling;
    private Decision? _fixed;

    /// <param name="route">The route with the replay's overrides applied.</param>
    /// <param name="catalog">Profiles and benchmarks.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="share">static-split's share to the best candidate (ignored by other policies).</param>
    /// <param name="best">The highest-quality candidate.</param>
    /// <param name="cheapest">The candidate with the lowest cost per request.</param>
    /// <param name="foresight">frontier plans for the coming interval's true demand instead of the measured one.</param>
    public ReplayController(ModelRoute route, IResourceCatalog catalog, ReplayPolicy policy, double share, string best, string cheapest, bool foresight)
    {
        _foresight = foresight;
        // The oracle has no startup to look ahead over; every other loop scales as the route's spec.scaling says.
        var scaling = ScalingSettings.From(route.Spec.Scaling);
        _scaling = new ScalingPolicy(policy.Kind is PolicyKind.Oracle ? scaling with { StartupSeconds = 0 } : scaling);
        _route = route;
        _catalog = catalog;
        _policy = policy;
        _share = share;
        _bestOnly = Only(route, best);
        _cheapestOnly = Only(route, cheapest);
    }

    /// <summary>The policy's decision at a tick at <paramref name="now"/>; <paramref name="measured"/> is the rate over the route's window,
    /// <paramref name="upcoming"/> the true rate of the coming interval (only the oracle may use it), <paramref name="peak"/> the trace's peak.
    /// Every autoscaled policy passes its demand signal through the route's <see cref="ScalingPolicy"/>.</summary>
    public Decision Decide(DateTimeOffset now, double measured, double upcoming, double peak)
    {
        var floor = _route.Spec.Demand?.FloorRequestsPerSecond ?? 0;
        double Scaled(double signal) => Math.Max(floor, _scaling.DemandToPlan(now, signal));
        return _policy.Kind switch
        {
            PolicyKind.Frontier => Single(_route, Scaled(_foresight ? upcoming : measured)),
            PolicyKind.Oracle => Single(_route, Scaled(upcoming)),
            PolicyKind.AlwaysBest => Single(_bestOnly, Scaled(measured)),
            PolicyKind.Cheapest => Single(_cheapestOnly, Scaled(measured)),
            PolicyKind.StaticSplit => Split(Scaled(measured)),
            PolicyKind.PeakStatic => _fixed ??= Single(_route, Math.Max(floor, peak)),
            _ => throw new InvalidOperationException($"unknown policy {_policy.Kind}"),
        };
    }

    private Decision Single(ModelRoute route, double demand)
    {
        var plan = RoutePlanner.Plan(route, _catalog, demand);
        var status = PlanStatuses.Plan(plan);
        return new Decision(ReplicasOf(status), EntryOf(status, PlanStatuses.Frontier(plan)), demand);
    }

    private Decision Split(double demand)
    {
        var best = RoutePlanner.Plan(_bestOnly, _catalog, demand * _share);
        var cheap = RoutePlanner.Plan(_cheapestOnly, _catalog, demand * (1 - _share));
        var bestStatus = PlanStatuses.Plan(best);
        var cheapStatus = PlanStatuses.Plan(cheap);
        var merged = new PlanStatus
        {
            HourlyCost = bestStatus.HourlyCost + cheapStatus.HourlyCost,
            Candidates = [.. bestStatus.Candidates.Select(c => Weighted(c, _share)), .. cheapStatus.Candidates.Select(c => Weighted(c, 1 - _share))],
        };
        return new Decision(ReplicasOf(merged), EntryOf(merged, [.. PlanStatuses.Frontier(cheap), .. PlanStatuses.Frontier(best)]), demand);
    }

    private static PlanCandidateStatus Weighted(PlanCandidateStatus c, double share) => new()
    {
        Name = c.Name, Weight = c.Weight * share, Replicas = c.Replicas, ConcurrencyPerReplica = c.ConcurrencyPerReplica,
        MaxInFlight = c.MaxInFlight, CostPerRequestUsd = c.CostPerRequestUsd, ThroughputFactor = c.ThroughputFactor,
    };

    private static Dictionary<string, int> ReplicasOf(PlanStatus plan) =>
        plan.Candidates.GroupBy(c => c.Name!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Replicas), StringComparer.Ordinal);

    private RouteEntry EntryOf(PlanStatus plan, IList<FrontierPointStatus> frontier)
    {
        var table = RoutingTableBuilder.Build([RouteCopies.WithStatus(_route, plan, frontier)]);
        return table.Routes.Length == 1
            ? table.Routes[0]
            : throw new ReplayInputException($"the gateway cannot route {_route.Metadata.Name}: {string.Join("; ", table.Notes)}");
    }

    private static ModelRoute Only(ModelRoute route, string candidate) => RouteCopies.WithSpec(route, spec =>
    {
        spec.Candidates = [.. spec.Candidates!.Where(c => c.Name == candidate)];
        spec.Budget = null;
        spec.QualityFloor = null;
        spec.Objective = "MaxQuality";
    });
}
