namespace Frontier.Economics.Frontier;

/// <summary>
/// The production frontier: the points no other point beats on both cost and quality. Cost is compared
/// per request, so benchmarks with different workload sizes remain comparable.
/// </summary>
public static class ParetoFrontier
{
    /// <summary>
    /// Frontier points in ascending cost (and so ascending quality). Exact duplicates appear once;
    /// a point is dropped when another is no costlier and no worse and differs in at least one.
    /// </summary>
    public static IReadOnlyList<CostQualityPoint> Compute(IEnumerable<CostQualityPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var frontier = new List<CostQualityPoint>();
        var bestQuality = double.NegativeInfinity;
        foreach (var point in points.OrderBy(p => p.CostPerRequestUsd).ThenByDescending(p => p.Quality))
        {
            if (point.Quality <= bestQuality) continue;
            frontier.Add(point);
            bestQuality = point.Quality;
        }
        return frontier;
    }

    /// <summary>True when <paramref name="a"/> is no costlier and no worse than <paramref name="b"/> and better in one.</summary>
    public static bool Dominates(CostQualityPoint a, CostQualityPoint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.CostPerRequestUsd <= b.CostPerRequestUsd && a.Quality >= b.Quality
            && (a.CostPerRequestUsd < b.CostPerRequestUsd || a.Quality > b.Quality);
    }
}
