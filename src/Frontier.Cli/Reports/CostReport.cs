namespace Frontier.Cli.Reports;

/// <summary>The result of <c>frontier cost</c>.</summary>
internal sealed record CostReport(
    string Profile,
    double HourlyCost,
    string Source,
    BreakdownReport? Breakdown,
    int Gpus,
    double HourlyCostForGpus,
    double? WorkloadSeconds,
    double? WorkloadCostUsd,
    IReadOnlyList<SensitivityReport> Sensitivity);

internal sealed record SensitivityReport(string Input, double LowValue, double HighValue, double HourlyAtLow, double HourlyAtHigh, double ChangeAtLow, double ChangeAtHigh);
