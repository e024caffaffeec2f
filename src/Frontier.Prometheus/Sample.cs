namespace Frontier.Prometheus;

/// <summary>One element of an instant-query result: a series' labels and its value at the evaluation time.</summary>
/// <param name="Labels">The series' labels (empty for a scalar result or for an aggregation without <c>by</c>).</param>
/// <param name="Value">The sample value. Values returned by <see cref="PrometheusClient"/> are always finite.</param>
/// <param name="Timestamp">The evaluation timestamp Prometheus reported.</param>
public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value, DateTimeOffset Timestamp);
