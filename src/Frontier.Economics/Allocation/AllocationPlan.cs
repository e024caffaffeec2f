namespace Frontier.Economics.Allocation;

/// <summary>The allocator's decision and its reasons.</summary>
/// <param name="Feasible">True when every constraint is met.</param>
/// <param name="Infeasibility">Which constraint could not be met, or None.</param>
/// <param name="Reason">One sentence a person can act on.</param>
/// <param name="HourlyCost">USD per hour of the plan's replicas.</param>
/// <param name="ExpectedQuality">Traffic-weighted mean quality.</param>
/// <param name="DemandRequestsPerSecond">Demand asked for.</param>
/// <param name="ServedRequestsPerSecond">Demand the plan serves: all of it when feasible, the most it can otherwise.</param>
/// <param name="CheapestFeasibleHourlyCost">When the budget is the obstacle: what the cheapest plan meeting everything else costs.</param>
/// <param name="Exact">False only when the search hit its node limit and returned its best plan so far.</param>
/// <param name="SearchNodes">Branch-and-bound nodes visited.</param>
/// <param name="Candidates">One entry per candidate, in the request's order.</param>
public sealed record AllocationPlan(
    bool Feasible,
    Infeasibility Infeasibility,
    string Reason,
    double HourlyCost,
    double ExpectedQuality,
    double DemandRequestsPerSecond,
    double ServedRequestsPerSecond,
    double? CheapestFeasibleHourlyCost,
    bool Exact,
    long SearchNodes,
    IReadOnlyList<CandidateAllocation> Candidates);
