namespace Frontier.Cli.Reports;

/// <summary>The result of <c>frontier plan</c>: what the operator would do for the route.</summary>
internal sealed record PlanReport(
    string Route,
    string Objective,
    bool Feasible,
    string Infeasibility,
    string Reason,
    double HourlyCost,
    double? Budget,
    double ExpectedQuality,
    double DemandRequestsPerSecond,
    double ServedRequestsPerSecond,
    double? CheapestFeasibleHourlyCost,
    bool Exact,
    long SearchNodes,
    IReadOnlyList<PlanCandidateReport> Candidates,
    IReadOnlyList<FrontierPointReport> Frontier);

internal sealed record PlanCandidateReport(
    string Name,
    int Replicas,
    double Weight,
    int ConcurrencyPerReplica,
    int MaxInFlight,
    double CapacityRequestsPerSecond,
    double? CostPerRequestUsd,
    double Quality,
    double HourlyCost,
    string? Note);
