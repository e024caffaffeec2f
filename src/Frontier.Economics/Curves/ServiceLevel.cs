namespace Frontier.Economics.Curves;

/// <summary>Latency objectives an operating point must meet. A null bound is no bound.</summary>
/// <param name="MaxTtftSeconds">Upper bound on time to first token (the <paramref name="Statistic"/>'s figure).</param>
/// <param name="MaxLatencySeconds">Upper bound on end-to-end latency (the <paramref name="Statistic"/>'s figure).</param>
/// <param name="Statistic">Which figure of a run the bounds apply to: the mean (default) or a percentile.</param>
public sealed record ServiceLevel(double? MaxTtftSeconds = null, double? MaxLatencySeconds = null, LatencyStatistic Statistic = LatencyStatistic.Mean)
{
    /// <summary>No latency objective.</summary>
    public static ServiceLevel None { get; } = new();

    /// <summary>
    /// Whether the point meets every bound. A bound on a figure the benchmark did not measure (for a percentile
    /// statistic: runs without that percentile) is not met: the point cannot be shown to comply.
    /// </summary>
    public bool IsMetBy(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Within(point.TtftSeconds(Statistic), MaxTtftSeconds) && Within(point.LatencySeconds(Statistic), MaxLatencySeconds);
    }

    /// <summary>Human-readable reason the point misses the objective, or null when it meets it.</summary>
    public string? WhyNotMetBy(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Why(Label("TTFT"), point.TtftSeconds(Statistic), MaxTtftSeconds) ?? Why(Label("latency"), point.LatencySeconds(Statistic), MaxLatencySeconds);
    }

    /// <summary>The objective as text, e.g. "TTFT ≤ 2 s, latency ≤ 30 s" or "p99 TTFT ≤ 2 s".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxTtftSeconds is { } t) parts.Add(FormattableString.Invariant($"{Label("TTFT")} ≤ {t:0.###} s"));
        if (MaxLatencySeconds is { } l) parts.Add(FormattableString.Invariant($"{Label("latency")} ≤ {l:0.###} s"));
        return parts.Count == 0 ? "no latency objective" : string.Join(", ", parts);
    }

    /// <summary>The figure's name with the statistic, e.g. "p99 TTFT"; the mean keeps the plain name.</summary>
    private string Label(string figure) => Statistic == LatencyStatistic.Mean ? figure : $"{Statistic.ToString().ToLowerInvariant()} {figure}";

    private static bool Within(double? measured, double? bound) =>
        bound is not { } b || (measured is { } m && m <= b);

    private static string? Why(string what, double? measured, double? bound) => (measured, bound) switch
    {
        (_, null) => null,
        (null, _) => $"{what} was not measured",
        ({ } m, { } b) when m > b => FormattableString.Invariant($"{what} {m:0.###} s > {b:0.###} s"),
        _ => null,
    };
}
