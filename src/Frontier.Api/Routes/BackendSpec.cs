using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Where a candidate's model server listens: a Service or a URL, exactly one.</summary>
[ExactlyOneOf(nameof(Service), nameof(Url))]
public sealed class BackendSpec
{
    /// <summary>Send traffic to a Service.</summary>
    public ServiceBackendSpec? Service { get; set; }

    /// <summary>An absolute http(s) URL of an OpenAI-compatible server.</summary>
    [Pattern(SchemaPatterns.HttpUrl)]
    public string? Url { get; set; }
}
