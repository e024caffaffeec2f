namespace Frontier.Bench;

/// <summary>One request sent before the sweep to learn whether the server can be used at all.</summary>
/// <param name="Sample">How it went.</param>
/// <param name="Detail">The server's error text or the connection error; null on success.</param>
public sealed record ProbeResult(RequestSample Sample, string? Detail);
