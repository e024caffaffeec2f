namespace Frontier.Runtime.Tests;

/// <summary>A request a <see cref="RequestLog"/> saw leave for the API server.</summary>
/// <param name="Method">GET, POST, PUT, PATCH, DELETE.</param>
/// <param name="Path">The URL path.</param>
/// <param name="At">When it left, on the test's clock.</param>
public sealed record SentRequest(string Method, string Path, TimeSpan At)
{
    /// <summary>A request about a coordination.k8s.io Lease (the leader election's own).</summary>
    public bool IsLease => Path.Contains("/leases", StringComparison.Ordinal);

    /// <summary>A write that is not the leader election's own: status patches, events, scaling.</summary>
    public bool IsWorkWrite => Method != "GET" && !IsLease;

    public override string ToString() => $"{At.TotalSeconds:0.000} s {Method} {Path}";
}
