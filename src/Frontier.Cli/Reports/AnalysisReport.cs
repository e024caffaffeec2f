namespace Frontier.Cli.Reports;

/// <summary>The result of <c>frontier analyze</c>; its JSON form is a contract for scripts and CI.</summary>
internal sealed record AnalysisReport(
    string Dataset,
    string ServiceLevel,
    double ZoneTolerance,
    IReadOnlyList<GpuProfileReport> GpuProfiles,
    IReadOnlyList<ModelReport> Models,
    IReadOnlyList<FrontierPointReport> Frontier);

internal sealed record GpuProfileReport(string Name, double HourlyCost, string Source, BreakdownReport? Breakdown);

internal sealed record BreakdownReport(double Depreciation, double Power, double Maintenance);

internal sealed record ModelReport(
    string Name,
    string Model,
    string Benchmark,
    double Quality,
    string GpuProfile,
    int Gpus,
    double ReplicaHourlyCost,
    IReadOnlyList<PointReport> Points,
    FitReport? Fit,
    BestReport? Best,
    ZoneReport? Zone,
    PrinciplesReport Principles);

internal sealed record PointReport(
    int Concurrency,
    double TotalSeconds,
    double CostUsd,
    double CostPerRequestUsd,
    double RequestsPerSecond,
    double? MeanTtftSeconds,
    double? MeanLatencySeconds,
    double? MarginalCostPerRequestUsd,
    double? Elasticity,
    bool MeetsSlo,
    int Runs,
    IntervalReport? CostPerRequestInterval);

internal sealed record IntervalReport(double Low, double High, double Level);

internal sealed record FitReport(double MaxRequestsPerSecond, double HalfSaturationConcurrency, double RSquared);

internal sealed record BestReport(int Concurrency, double CostUsd, double CostPerRequestUsd, double RequestsPerSecond);

internal sealed record ZoneReport(int MinConcurrency, int MaxConcurrency);

internal sealed record PrinciplesReport(PrincipleReport DiminishingMarginalCost, PrincipleReport DiminishingReturnsToScale);

internal sealed record PrincipleReport(bool Holds, string Evidence, double? First, double? Last);

internal sealed record FrontierPointReport(string Name, int Concurrency, double CostUsd, double CostPerRequestUsd, double Quality);
