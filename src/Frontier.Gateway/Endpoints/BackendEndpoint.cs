namespace Frontier.Gateway.Endpoints;

/// <summary>One place a candidate's requests can go: a ready Pod of its Service, or the candidate's one fixed address.</summary>
/// <param name="Pod">The Pod's name; empty for a fixed address (backend.url, or a Service the gateway does not see).</param>
/// <param name="Address">Base address, e.g. http://10.1.2.3:8000 (no trailing slash).</param>
public sealed record BackendEndpoint(string Pod, string Address);
