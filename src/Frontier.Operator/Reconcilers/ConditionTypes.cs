namespace Frontier.Operator.Reconcilers;

/// <summary>Condition types and reasons the operator writes. Reasons are CamelCase, as Kubernetes conventions ask.</summary>
internal static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Valid = "Valid";
    public const string MetricsAvailable = "MetricsAvailable";
    public const string BudgetSatisfiable = "BudgetSatisfiable";
    public const string Scaled = "Scaled";
}

/// <summary>Reasons used with <see cref="ConditionTypes"/>.</summary>
internal static class Reasons
{
    public const string SpecValid = "SpecValid";
    public const string InvalidSpec = "InvalidSpec";
    public const string MissingReference = "MissingReference";
    public const string PlanApplied = "PlanApplied";
    public const string PlanKept = "PlanKept";
    public const string NoPlan = "NoPlan";
    public const string MetricsRead = "MetricsRead";
    public const string NoMetricsSource = "NoMetricsSource";
    public const string PrometheusError = "PrometheusError";
    public const string WithinBudget = "WithinBudget";
    public const string ReplicasSet = "ReplicasSet";
    public const string ReplicasStarting = "ReplicasStarting";
    public const string ReplicasUnschedulable = "ReplicasUnschedulable";
    public const string ReplicasNotReady = "ReplicasNotReady";
    public const string DeploymentNotFound = "DeploymentNotFound";
    public const string DeploymentNotOptedIn = "DeploymentNotOptedIn";
    public const string ScaleFailed = "ScaleFailed";
    public const string NothingToScale = "NothingToScale";
    public const string Computed = "Computed";
}
