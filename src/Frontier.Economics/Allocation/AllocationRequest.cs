using Frontier.Economics.Curves;

namespace Frontier.Economics.Allocation;

/// <summary>Everything the allocator decides from.</summary>
/// <param name="Candidates">The route's candidates.</param>
/// <param name="DemandRequestsPerSecond">Traffic to serve, requests per second (≥ 0).</param>
/// <param name="Objective">What to optimise.</param>
/// <param name="MaxHourlyCost">Budget in USD per hour; null is unlimited.</param>
/// <param name="QualityFloor">Lowest acceptable expected quality; null is none.</param>
/// <param name="ServiceLevel">Latency objective each candidate's operating point must meet.</param>
/// <param name="NodeLimit">Search nodes after which the best plan found so far is returned, marked not exact.</param>
public sealed record AllocationRequest(
    IReadOnlyList<AllocationCandidate> Candidates,
    double DemandRequestsPerSecond,
    Objective Objective,
    double? MaxHourlyCost = null,
    double? QualityFloor = null,
    ServiceLevel? ServiceLevel = null,
    long NodeLimit = 2_000_000);
