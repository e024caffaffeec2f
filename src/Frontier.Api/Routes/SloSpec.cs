namespace Frontier.Api.Routes;

/// <summary>Latency objectives; a candidate only runs at concurrencies whose benchmark meets them.</summary>
public sealed class SloSpec
{
    /// <summary>Upper bound on mean time to first token, seconds.</summary>
    public double? MaxTtftSeconds { get; set; }

    /// <summary>Upper bound on mean end-to-end latency, seconds.</summary>
    public double? MaxLatencySeconds { get; set; }
}
