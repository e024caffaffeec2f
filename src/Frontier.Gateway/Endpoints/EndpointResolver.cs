using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// Resolves a candidate to its endpoints at pick time. A backend.url candidate has its one address. A backend.service
/// candidate has the ready Pods of the Service from the <see cref="EndpointDirectory"/>, each capped at the plan's
/// concurrencyPerReplica, and its weight scaled by min(1, ready / planned replicas); while the Service is not known
/// (standalone mode, no read access, a selector-less Service, a port it does not have) the candidate keeps its cluster
/// DNS address and maxInFlight, as before discovery, and that is logged once. The result is cached per route and
/// rebuilt only when the Service's snapshot is another one (a reference comparison).
/// </summary>
public sealed class EndpointResolver
{
    private readonly CandidateStates _states;
    private readonly EndpointDirectory _directory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Route, string Candidate), bool> _fallbackLogged = new();
    private readonly int _gatewayReplicas;

    /// <summary>Creates the resolver; requests waiting for a slot are woken when Pods come or go, as on a release.</summary>
    /// <param name="states">Live endpoint states.</param>
    /// <param name="directory">The discovered Services' ready Pods.</param>
    /// <param name="logger">Where the DNS fallback is said once per candidate.</param>
    /// <param name="gatewayReplicas">Gateway replicas sharing each Pod's cap (<see cref="GatewayOptions.GatewayReplicas"/>).</param>
    public EndpointResolver(CandidateStates states, EndpointDirectory directory, ILogger<EndpointResolver>? logger = null, int gatewayReplicas = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gatewayReplicas, 1);
        _gatewayReplicas = gatewayReplicas;
        _states = states ?? throw new ArgumentNullException(nameof(states));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _logger = logger ?? NullLogger<EndpointResolver>.Instance;
        directory.Changed += states.SignalRelease;
    }

    /// <summary>The directory it reads.</summary>
    public EndpointDirectory Directory => _directory;

    /// <summary>The backends of candidate <paramref name="index"/> of <paramref name="backends"/>' route now.</summary>
    internal CandidateBackends Resolve(RouteBackends backends, int index)
    {
        var route = backends.Route;
        var candidate = route.Candidates[index];
        var current = Volatile.Read(ref backends.Current[index]);
        if (candidate.Service is not { } service)
            return current ?? Publish(backends, index, Fixed(route, candidate));

        var snapshot = _directory.Find(service.Namespace, service.Name);
        var ready = snapshot?.ForPort(service.Port);
        if (ready is null)
        {
            if (current is { Discovered: false }) return current;
            LogFallback(route, candidate, service, snapshot is not null);
            return Publish(backends, index, Fixed(route, candidate));
        }
        if (current is not null && ReferenceEquals(current.Source, snapshot)) return current;

        var endpoints = ready.Value;
        var share = candidate.PlannedReplicas > 0 ? Math.Min(1.0, (double)endpoints.Length / candidate.PlannedReplicas) : 1.0;
        var cap = candidate.EndpointCap;
        var ownCap = cap is { } c && c > 0 ? Math.Max(1, c / _gatewayReplicas) : cap; // this replica's share of each Pod's cap
        var built = new CandidateBackends(snapshot, [.. endpoints.Select(e => _states.Of(route, candidate, e))], cap, candidate.Weight * share, ownCap);
        _states.ForgetOthers(route, candidate, built.Endpoints);
        _fallbackLogged.TryRemove((route.Route, candidate.Name), out _);
        return Publish(backends, index, built);
    }

    private CandidateBackends Fixed(RouteEntry route, CandidateRoute candidate) =>
        new(null, [_states.Of(route, candidate)], candidate.MaxInFlight, candidate.Weight);

    private static CandidateBackends Publish(RouteBackends backends, int index, CandidateBackends built)
    {
        Volatile.Write(ref backends.Current[index], built);
        return built;
    }

    private void LogFallback(RouteEntry route, CandidateRoute candidate, ServiceRef service, bool serviceKnown)
    {
        // Before discovery's first list the Service is not known yet either: say nothing until then.
        if (_directory.Watching && !_directory.Synced) return;
        if (!_fallbackLogged.TryAdd((route.Route, candidate.Name), true)) return;
        var why = !_directory.Watching ? "Pods are discovered only in Kubernetes mode"
            : serviceKnown ? $"the Service has no port {service.Port}"
            : "the Service is not seen (it does not exist, has no selector, or the gateway may not read Services and Pods)";
        _logger.LogWarning("{Route}: candidate {Candidate}: {Why}; sending its requests to {Address} with the candidate's cap",
            route.Route, candidate.Name, why, candidate.Address);
    }
}
