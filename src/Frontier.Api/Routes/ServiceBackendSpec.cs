namespace Frontier.Api.Routes;

/// <summary>A Kubernetes Service in the route's namespace.</summary>
public sealed class ServiceBackendSpec
{
    /// <summary>Service name.</summary>
    public string? Name { get; set; }

    /// <summary>Service port (1–65535).</summary>
    public int? Port { get; set; }
}
