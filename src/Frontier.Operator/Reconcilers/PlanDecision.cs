using Frontier.Api.Routes;
using Frontier.Planning;

namespace Frontier.Operator.Reconcilers;

/// <summary>The plan phase's outcome: the economics' answer and whether it replaces the plan in status.</summary>
/// <param name="Plan">What the economics planned this pass.</param>
/// <param name="Status">The plan as status would show it.</param>
/// <param name="Frontier">The frontier as status would show it.</param>
/// <param name="Rewrite">True when the plan, frontier, demand and budget condition in status are to be replaced (a real
/// change); false when the plan in status stays, with the figures it was made with.</param>
internal sealed record PlanDecision(RoutePlan Plan, PlanStatus Status, List<FrontierPointStatus> Frontier, bool Rewrite)
{
    /// <summary>True when the budget cannot even pay for replicas.min: nothing may be scaled.</summary>
    public bool BudgetBelowMinimum => Plan.Allocation.Infeasibility == Economics.Allocation.Infeasibility.BudgetBelowMinimumReplicas;

    /// <summary>The BudgetSatisfiable reason this plan stands for.</summary>
    public string BudgetReason => Plan.Allocation.Feasible ? Reasons.WithinBudget : Plan.Allocation.Infeasibility.ToString();
}
