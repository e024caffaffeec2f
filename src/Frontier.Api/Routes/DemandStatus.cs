namespace Frontier.Api.Routes;

/// <summary>The demand a plan was made for.</summary>
public sealed class DemandStatus
{
    /// <summary>Requests per second.</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>Where the figure came from, e.g. gateway, vllm, configured, cli.</summary>
    public string? Source { get; set; }
}
