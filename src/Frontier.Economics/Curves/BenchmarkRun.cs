namespace Frontier.Economics.Curves;

/// <summary>One run of the whole benchmark workload at a fixed concurrency, as the paper measures it.</summary>
/// <param name="Concurrency">Requests in flight at once.</param>
/// <param name="TotalSeconds">Wall-clock time to finish every request of the workload.</param>
/// <param name="MeanTtftSeconds">Mean time to first token, when measured.</param>
/// <param name="MeanLatencySeconds">Mean end-to-end request latency, when measured.</param>
/// <param name="OutputTokens">Output tokens produced over the workload, when measured.</param>
/// <param name="Percentiles">TTFT and latency percentiles, when measured.</param>
public sealed record BenchmarkRun(
    int Concurrency,
    double TotalSeconds,
    double? MeanTtftSeconds = null,
    double? MeanLatencySeconds = null,
    long? OutputTokens = null,
    LatencyPercentiles? Percentiles = null);
