using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Latency objectives; a candidate only runs at concurrencies whose benchmark meets them.</summary>
public sealed class SloSpec
{
    /// <summary>Upper bound on mean time to first token, seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? MaxTtftSeconds { get; set; }

    /// <summary>Upper bound on mean end-to-end latency, seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? MaxLatencySeconds { get; set; }
}
