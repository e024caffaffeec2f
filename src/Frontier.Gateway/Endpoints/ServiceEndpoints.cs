using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// An immutable snapshot of one Service's ready Pods, per Service port (each Pod at the port's targetPort). A new
/// snapshot replaces the old one whole when a Pod or the Service changes, so a reader that holds one sees a consistent
/// set, and comparing references tells whether anything changed.
/// </summary>
public sealed class ServiceEndpoints
{
    private readonly FrozenDictionary<int, ImmutableArray<BackendEndpoint>> _byPort;

    /// <summary>Creates a snapshot from the ready endpoints of each Service port.</summary>
    public ServiceEndpoints(IReadOnlyDictionary<int, ImmutableArray<BackendEndpoint>> byPort)
    {
        ArgumentNullException.ThrowIfNull(byPort);
        _byPort = byPort.ToFrozenDictionary();
    }

    /// <summary>The ready endpoints behind Service port <paramref name="port"/>; null when the Service has no such port.</summary>
    public ImmutableArray<BackendEndpoint>? ForPort(int port) => _byPort.TryGetValue(port, out var endpoints) ? endpoints : null;

    /// <summary>Whether <paramref name="other"/> holds the same endpoints for the same ports.</summary>
    public bool SameAs(ServiceEndpoints other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_byPort.Count != other._byPort.Count) return false;
        foreach (var (port, endpoints) in _byPort)
        {
            if (!other._byPort.TryGetValue(port, out var theirs) || !endpoints.SequenceEqual(theirs)) return false;
        }
        return true;
    }

    /// <summary>The Service ports, ascending.</summary>
    public IEnumerable<int> Ports => _byPort.Keys.Order();
}
