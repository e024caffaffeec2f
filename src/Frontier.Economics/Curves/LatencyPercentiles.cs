namespace Frontier.Economics.Curves;

/// <summary>Percentiles of time to first token and end-to-end latency over one run's requests, seconds; null where not measured.</summary>
public sealed record LatencyPercentiles(
    double? P50TtftSeconds = null,
    double? P90TtftSeconds = null,
    double? P99TtftSeconds = null,
    double? P50LatencySeconds = null,
    double? P90LatencySeconds = null,
    double? P99LatencySeconds = null)
{
    /// <summary>The TTFT percentile <paramref name="statistic"/> names; null for <see cref="LatencyStatistic.Mean"/> or when not measured.</summary>
    public double? Ttft(LatencyStatistic statistic) => statistic switch
    {
        LatencyStatistic.P50 => P50TtftSeconds,
        LatencyStatistic.P90 => P90TtftSeconds,
        LatencyStatistic.P99 => P99TtftSeconds,
        _ => null,
    };

    /// <summary>The latency percentile <paramref name="statistic"/> names; null for <see cref="LatencyStatistic.Mean"/> or when not measured.</summary>
    public double? Latency(LatencyStatistic statistic) => statistic switch
    {
        LatencyStatistic.P50 => P50LatencySeconds,
        LatencyStatistic.P90 => P90LatencySeconds,
        LatencyStatistic.P99 => P99LatencySeconds,
        _ => null,
    };

    /// <summary>
    /// Field by field, the mean over <paramref name="runs"/> of a figure every run measured (null otherwise); null
    /// when no run has percentiles. Repeated runs of one level are summarised this way, as their means are.
    /// </summary>
    public static LatencyPercentiles? Average(IReadOnlyList<LatencyPercentiles?> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0 || runs.Any(r => r is null)) return null;
        double? Mean(Func<LatencyPercentiles, double?> figure) =>
            runs.All(r => figure(r!).HasValue) ? runs.Average(r => figure(r!)!.Value) : null;
        return new LatencyPercentiles(
            Mean(r => r.P50TtftSeconds), Mean(r => r.P90TtftSeconds), Mean(r => r.P99TtftSeconds),
            Mean(r => r.P50LatencySeconds), Mean(r => r.P90LatencySeconds), Mean(r => r.P99LatencySeconds));
    }
}
