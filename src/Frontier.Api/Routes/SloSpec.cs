using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Latency objectives; a candidate only runs at concurrencies whose benchmark meets them.</summary>
public sealed class SloSpec
{
    /// <summary>The statistics a statistic may name.</summary>
    public static readonly IReadOnlyList<string> Statistics = ["mean", "p50", "p90", "p99"];

    /// <summary>Which figure of each benchmark run the bounds apply to: mean (the default), p50, p90 or p99.</summary>
    [EnumValues("mean", "p50", "p90", "p99")]
    public string? Statistic { get; set; }

    /// <summary>Upper bound on time to first token (the statistic's figure), seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? MaxTtftSeconds { get; set; }

    /// <summary>Upper bound on end-to-end latency (the statistic's figure), seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? MaxLatencySeconds { get; set; }
}
