using k8s.Models;

namespace Frontier.Api.Routes;

/// <summary>What the operator observed and decided for a route.</summary>
public sealed class ModelRouteStatus
{
    /// <summary>Generation of the spec this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Ready, Valid, MetricsAvailable, BudgetSatisfiable, Scaled.</summary>
    public IList<V1Condition>? Conditions { get; set; }

    /// <summary>The demand the plan serves.</summary>
    public DemandStatus? Demand { get; set; }

    /// <summary>The cost–quality frontier over the candidates' operating points.</summary>
    public IList<FrontierPointStatus>? Frontier { get; set; }

    /// <summary>The chosen plan.</summary>
    public PlanStatus? Plan { get; set; }

    /// <summary>When the plan was computed.</summary>
    public DateTime? LastPlanTime { get; set; }
}
