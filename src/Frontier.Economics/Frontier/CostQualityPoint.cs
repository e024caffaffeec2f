namespace Frontier.Economics.Frontier;

/// <summary>A (model, concurrency) point on the cost–quality plane.</summary>
/// <param name="Name">The benchmark (model) the point belongs to.</param>
/// <param name="Concurrency">Concurrency of the operating point.</param>
/// <param name="CostUsd">Workload cost at that point.</param>
/// <param name="CostPerRequestUsd">Cost per request at that point; the frontier compares on this.</param>
/// <param name="Quality">Benchmark score.</param>
public sealed record CostQualityPoint(string Name, int Concurrency, double CostUsd, double CostPerRequestUsd, double Quality);
