namespace Frontier.Economics.Allocation;

/// <summary>Why no plan meets every constraint.</summary>
public enum Infeasibility
{
    /// <summary>The plan is feasible.</summary>
    None,

    /// <summary>The route has no candidates.</summary>
    NoCandidates,

    /// <summary>No candidate has a benchmarked operating point meeting the latency objective.</summary>
    ServiceLevelUnreachable,

    /// <summary>Even every candidate at its maximum replicas cannot serve the demand.</summary>
    DemandExceedsCapacity,

    /// <summary>The minimum replicas alone cost more than the budget.</summary>
    BudgetBelowMinimumReplicas,

    /// <summary>No allocation reaches the quality floor, whatever the budget.</summary>
    QualityFloorUnreachable,

    /// <summary>Serving the demand (at the floor) costs more than the budget.</summary>
    BudgetTooSmallForDemand,

    /// <summary>The search hit its node limit before it found any plan; the instance is too large to decide.</summary>
    SearchLimitReached,
}
