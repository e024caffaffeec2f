namespace Frontier.Cli.Status;

/// <summary>One ModelRoute as the cluster holds it now: its demand, plan, candidates' readiness and conditions.</summary>
/// <param name="Route">namespace/name.</param>
/// <param name="Model">spec.model, the alias clients send.</param>
/// <param name="Objective">spec.objective.</param>
/// <param name="DemandRequestsPerSecond">status.demand.requestsPerSecond (null before the first plan).</param>
/// <param name="DemandSource">status.demand.source.</param>
/// <param name="BudgetUsdPerHour">spec.budget.maxHourlyCost (null: no budget).</param>
/// <param name="PlanHourlyCostUsd">status.plan.hourlyCost (null: no plan yet).</param>
/// <param name="ExpectedQuality">status.plan.expectedQuality.</param>
/// <param name="PowerSource">status.plan.powerSource.</param>
/// <param name="LastPlanTime">status.lastPlanTime.</param>
/// <param name="Candidates">Per spec candidate: the plan's figures and its Deployment's readiness.</param>
/// <param name="Conditions">status.conditions.</param>
/// <param name="Frontier">status.frontier: the operating points on the cost–quality frontier.</param>
internal sealed record RouteStatusReport(
    string Route,
    string? Model,
    string? Objective,
    double? DemandRequestsPerSecond,
    string? DemandSource,
    double? BudgetUsdPerHour,
    double? PlanHourlyCostUsd,
    double? ExpectedQuality,
    string? PowerSource,
    DateTime? LastPlanTime,
    IReadOnlyList<CandidateStatusReport> Candidates,
    IReadOnlyList<ConditionReport> Conditions,
    IReadOnlyList<LivePointReport> Frontier);
