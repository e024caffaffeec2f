using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>A Kubernetes Service in the route's namespace.</summary>
public sealed class ServiceBackendSpec
{
    /// <summary>Service name.</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? Name { get; set; }

    /// <summary>Service port (1–65535).</summary>
    [Required, Minimum(1), Maximum(65535)]
    public int? Port { get; set; }
}
