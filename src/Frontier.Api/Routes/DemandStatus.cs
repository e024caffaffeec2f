namespace Frontier.Api.Routes;

/// <summary>Requests per second and where the figure came from.</summary>
public sealed class DemandStatus
{
    /// <summary>Requests per second.</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>Where the figure came from, e.g. gateway, vllm, configured, cli.</summary>
    public string? Source { get; set; }
}
