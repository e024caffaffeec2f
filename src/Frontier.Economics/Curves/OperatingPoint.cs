namespace Frontier.Economics.Curves;

/// <summary>A model at one concurrency: what the workload cost and how fast it went.</summary>
/// <param name="Concurrency">Requests in flight at once on one replica.</param>
/// <param name="TotalSeconds">Mean wall-clock time of the workload at this concurrency.</param>
/// <param name="CostUsd">Cost of the whole workload: gpus × hourly × seconds / 3600.</param>
/// <param name="CostPerRequestUsd">CostUsd / requests.</param>
/// <param name="RequestsPerSecond">Throughput of one replica: requests / seconds.</param>
/// <param name="MeanTtftSeconds">Mean time to first token, when measured.</param>
/// <param name="MeanLatencySeconds">Mean latency, when measured.</param>
/// <param name="MarginalCostPerRequest">
/// Change of cost per request per added unit of concurrency since the previous point (USD); negative
/// while more concurrency keeps making requests cheaper. Null at the first point.
/// </param>
/// <param name="Elasticity">
/// Returns-to-scale elasticity since the previous point: Δln(throughput) / Δln(concurrency).
/// 1 is constant returns, below 1 diminishing. Null at the first point.
/// </param>
/// <param name="Runs">How many runs were averaged into this point.</param>
/// <param name="CostPerRequestInterval">Bootstrap 95% interval of cost per request when runs ≥ 2.</param>
/// <param name="Percentiles">TTFT and latency percentiles (the mean over runs of a figure each run measured), when measured.</param>
public sealed record OperatingPoint(
    int Concurrency,
    double TotalSeconds,
    double CostUsd,
    double CostPerRequestUsd,
    double RequestsPerSecond,
    double? MeanTtftSeconds,
    double? MeanLatencySeconds,
    double? MarginalCostPerRequest,
    double? Elasticity,
    int Runs = 1,
    ConfidenceInterval? CostPerRequestInterval = null,
    LatencyPercentiles? Percentiles = null)
{
    /// <summary>Time to first token by <paramref name="statistic"/>, or null when the benchmark did not measure that figure.</summary>
    public double? TtftSeconds(LatencyStatistic statistic) =>
        statistic == LatencyStatistic.Mean ? MeanTtftSeconds : Percentiles?.Ttft(statistic);

    /// <summary>End-to-end latency by <paramref name="statistic"/>, or null when the benchmark did not measure that figure.</summary>
    public double? LatencySeconds(LatencyStatistic statistic) =>
        statistic == LatencyStatistic.Mean ? MeanLatencySeconds : Percentiles?.Latency(statistic);
}
