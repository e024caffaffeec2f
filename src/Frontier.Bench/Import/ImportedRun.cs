namespace Frontier.Bench.Import;

/// <summary>One concurrency level as another tool measured it, in seconds.</summary>
/// <param name="Concurrency">Requests kept in flight.</param>
/// <param name="Completed">Requests that completed.</param>
/// <param name="DurationSeconds">Wall-clock time they took.</param>
/// <param name="Ttft">TTFT mean and percentiles (null where the tool did not save them).</param>
/// <param name="Latency">End-to-end latency mean and percentiles.</param>
/// <param name="OutputTokens">Output tokens of the completed requests.</param>
public sealed record ImportedRun(int Concurrency, int Completed, double DurationSeconds, ImportedFigures Ttft, ImportedFigures Latency, double? OutputTokens);
