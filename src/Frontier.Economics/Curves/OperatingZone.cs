namespace Frontier.Economics.Curves;

/// <summary>
/// The optimal cost-effectiveness zone of one model: the cheapest point meeting the service level,
/// and the contiguous concurrency range around it whose cost per request stays within a tolerance.
/// </summary>
/// <param name="Best">The point with the lowest cost per request that meets the service level.</param>
/// <param name="MinConcurrency">Lowest concurrency of the zone.</param>
/// <param name="MaxConcurrency">Highest concurrency of the zone.</param>
/// <param name="Tolerance">Relative cost tolerance used, e.g. 0.10.</param>
public sealed record OperatingZone(OperatingPoint Best, int MinConcurrency, int MaxConcurrency, double Tolerance)
{
    /// <summary>The default tolerance: within 10% of the best cost per request.</summary>
    public const double DefaultTolerance = 0.10;

    /// <summary>
    /// Finds the zone, or null when no point meets <paramref name="serviceLevel"/>. Among points of equal
    /// cost the lower concurrency wins (same cost, shorter queues).
    /// </summary>
    public static OperatingZone? Find(IReadOnlyList<OperatingPoint> points, ServiceLevel serviceLevel, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(serviceLevel);
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be ≥ 0");

        var bestIndex = -1;
        for (var i = 0; i < points.Count; i++)
        {
            if (!serviceLevel.IsMetBy(points[i])) continue;
            if (bestIndex < 0 || points[i].CostPerRequestUsd < points[bestIndex].CostPerRequestUsd) bestIndex = i;
        }
        if (bestIndex < 0) return null;

        var limit = points[bestIndex].CostPerRequestUsd * (1 + tolerance);
        bool InZone(int i) => serviceLevel.IsMetBy(points[i]) && points[i].CostPerRequestUsd <= limit;
        var low = bestIndex;
        while (low > 0 && InZone(low - 1)) low--;
        var high = bestIndex;
        while (high < points.Count - 1 && InZone(high + 1)) high++;
        return new OperatingZone(points[bestIndex], points[low].Concurrency, points[high].Concurrency, tolerance);
    }
}
