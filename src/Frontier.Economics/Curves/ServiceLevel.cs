namespace Frontier.Economics.Curves;

/// <summary>Latency objectives an operating point must meet. A null bound is no bound.</summary>
/// <param name="MaxTtftSeconds">Upper bound on mean time to first token.</param>
/// <param name="MaxLatencySeconds">Upper bound on mean end-to-end latency.</param>
public sealed record ServiceLevel(double? MaxTtftSeconds = null, double? MaxLatencySeconds = null)
{
    /// <summary>No latency objective.</summary>
    public static ServiceLevel None { get; } = new();

    /// <summary>
    /// Whether the point meets every bound. A bound on a figure the benchmark did not measure is
    /// not met: the point cannot be shown to comply.
    /// </summary>
    public bool IsMetBy(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Within(point.MeanTtftSeconds, MaxTtftSeconds) && Within(point.MeanLatencySeconds, MaxLatencySeconds);
    }

    /// <summary>Human-readable reason the point misses the objective, or null when it meets it.</summary>
    public string? WhyNotMetBy(OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Why("TTFT", point.MeanTtftSeconds, MaxTtftSeconds) ?? Why("latency", point.MeanLatencySeconds, MaxLatencySeconds);
    }

    /// <summary>The objective as text, e.g. "TTFT ≤ 2 s, latency ≤ 30 s".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxTtftSeconds is { } t) parts.Add(FormattableString.Invariant($"TTFT ≤ {t:0.###} s"));
        if (MaxLatencySeconds is { } l) parts.Add(FormattableString.Invariant($"latency ≤ {l:0.###} s"));
        return parts.Count == 0 ? "no latency objective" : string.Join(", ", parts);
    }

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
