namespace Frontier.Api.Routes;

/// <summary>Where a candidate's model server listens: a Service or a URL, exactly one.</summary>
public sealed class BackendSpec
{
    /// <summary>A Service in the route's namespace.</summary>
    public ServiceBackendSpec? Service { get; set; }

    /// <summary>An absolute http(s) URL of an OpenAI-compatible server.</summary>
    public string? Url { get; set; }
}
