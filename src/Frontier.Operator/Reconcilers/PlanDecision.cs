using Frontier.Api.Routes;
using Frontier.Planning;

namespace Frontier.Operator.Reconcilers;

/// <summary>The plan phase's outcome: the economics' answer, what each Deployment asks for, and whether the plan in status is replaced.</summary>
/// <param name="Plan">The target plan: what the economics planned this pass (within the scheduling holds).</param>
/// <param name="Status">The serving plan as status shows it: the target when it is ready, else the plan for the ready capacity.</param>
/// <param name="Frontier">The frontier as status would show it.</param>
/// <param name="Rewrite">True when the plan, frontier, demand and budget condition in status are to be replaced (a real
/// change); false when the plan in status stays, with the figures it was made with.</param>
internal sealed record PlanDecision(RoutePlan Plan, PlanStatus Status, List<FrontierPointStatus> Frontier, bool Rewrite)
{
    /// <summary>What each candidate's Deployment asks for (make-before-break) and the scheduling holds the target was made within.</summary>
    public required ScaleIntent Scale { get; init; }

    /// <summary>True when the budget cannot even pay for replicas.min: nothing may be scaled.</summary>
    public bool BudgetBelowMinimum => Plan.Allocation.Infeasibility == Economics.Allocation.Infeasibility.BudgetBelowMinimumReplicas;

    /// <summary>The BudgetSatisfiable reason this plan stands for.</summary>
    public string BudgetReason => Plan.Allocation.Feasible ? Reasons.WithinBudget : Plan.Allocation.Infeasibility.ToString();
}
