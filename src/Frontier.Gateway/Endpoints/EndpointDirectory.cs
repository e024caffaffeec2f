using System.Collections.Concurrent;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// The live endpoint sets of the Services the gateway sees, kept apart from the <see cref="RoutingTable"/> (this one
/// changes on Pod events, the table on ModelRoute events). <see cref="KubeEndpointSource"/> writes it; admission reads
/// it on every pick (one dictionary lookup returning an immutable snapshot). Empty in standalone mode.
/// </summary>
public sealed class EndpointDirectory
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), ServiceEndpoints> _services = new();
    private volatile bool _synced;

    private volatile bool _watching;

    /// <summary>Whether discovery runs (Kubernetes mode).</summary>
    public bool Watching => _watching;

    /// <summary>Whether discovery has listed Services and Pods once (false in standalone mode).</summary>
    public bool Synced => _synced;

    /// <summary>Raised after an endpoint set changed (on the writer's thread).</summary>
    public event Action? Changed;

    /// <summary>The Service's current snapshot, or null when the Service is not known (not seen, or selector-less).</summary>
    public ServiceEndpoints? Find(string @namespace, string name) => _services.GetValueOrDefault((@namespace, name));

    /// <summary>The address of every ready endpoint of every Service seen (what the server-load scraper reads).</summary>
    public IReadOnlyCollection<string> Addresses() =>
        _services.Values.SelectMany(s => s.Ports.SelectMany(p => s.ForPort(p)!.Value)).Select(e => e.Address).ToHashSet(StringComparer.Ordinal);

    /// <summary>Replaces (or, with null, removes) a Service's snapshot.</summary>
    internal void Set(string @namespace, string name, ServiceEndpoints? endpoints)
    {
        if (endpoints is null)
        {
            if (!_services.TryRemove((@namespace, name), out _)) return;
        }
        else
        {
            if (_services.TryGetValue((@namespace, name), out var old) && old.SameAs(endpoints)) return; // keep the snapshot readers hold
            _services[(@namespace, name)] = endpoints;
        }
        Changed?.Invoke();
    }

    /// <summary>Removes the Services of <paramref name="namespace"/> not named in <paramref name="keep"/> (they were deleted).</summary>
    internal void RemoveOthers(string @namespace, IEnumerable<string> keep)
    {
        var kept = keep.ToHashSet(StringComparer.Ordinal);
        var removed = false;
        foreach (var key in _services.Keys)
        {
            if (key.Namespace == @namespace && !kept.Contains(key.Name)) removed |= _services.TryRemove(key, out _);
        }
        if (removed) Changed?.Invoke();
    }

    /// <summary>Discovery has started.</summary>
    internal void MarkWatching() => _watching = true;

    /// <summary>Discovery has made its first full pass.</summary>
    internal void MarkSynced() => _synced = true;
}
