namespace Frontier.Economics.Curves;

/// <summary>Which figure of a run's latency distribution a service level bounds.</summary>
public enum LatencyStatistic
{
    /// <summary>The mean (the paper's figure).</summary>
    Mean,

    /// <summary>The median.</summary>
    P50,

    /// <summary>The 90th percentile.</summary>
    P90,

    /// <summary>The 99th percentile.</summary>
    P99,
}
