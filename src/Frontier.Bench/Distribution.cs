namespace Frontier.Bench;

/// <summary>Mean and percentiles of a set of seconds (nearest-rank percentiles on the sorted values).</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
public sealed record Distribution(double Mean, double P50, double P90, double P99)
{
    /// <summary>The distribution of <paramref name="values"/>, or null when there are none.</summary>
    public static Distribution? Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        return new Distribution(sorted.Average(), Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99));
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="q"/> of the values at or below it.</summary>
    private static double Rank(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
