using Frontier.Api.Routes;
using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;
using Frontier.Economics.Frontier;

namespace Frontier.Planning;

/// <summary>What the economics says about one route: its candidates' curves, the frontier and the plan.</summary>
/// <param name="Route">The route.</param>
/// <param name="Curves">Per candidate, in spec order: its name and the production curve of its benchmark.</param>
/// <param name="Frontier">Cost–quality frontier over the candidates' operating points that meet the SLO.</param>
/// <param name="Allocation">The allocator's decision.</param>
public sealed record RoutePlan(
    ModelRoute Route,
    IReadOnlyList<(string Candidate, ProductionCurve Curve)> Curves,
    IReadOnlyList<CostQualityPoint> Frontier,
    AllocationPlan Allocation)
{
    /// <summary>Per candidate, the live/offline throughput ratio the plan used (1 = the benchmark as measured).</summary>
    public IReadOnlyDictionary<string, double> ThroughputFactors { get; init; } = new Dictionary<string, double>();

    /// <summary>What the allocator was given per candidate, in spec order: quality, $/h per replica, bounds, per-replica points.</summary>
    public IReadOnlyList<AllocationCandidate> Candidates { get; init; } = [];
}
