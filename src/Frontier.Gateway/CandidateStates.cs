using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Frontier.Gateway.Endpoints;

namespace Frontier.Gateway;

/// <summary>In-flight counters and outlier state per (route, candidate, endpoint address); survives snapshot swaps.</summary>
public sealed class CandidateStates
{
    private readonly ConcurrentDictionary<(string Route, string Candidate, string Address), CandidateState> _states = new();
    private readonly ConditionalWeakTable<RouteEntry, RouteBackends> _backends = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;

    /// <summary>The state of a candidate's fixed address (its backend.url, or its Service's cluster DNS name).</summary>
    public CandidateState Of(RouteEntry route, CandidateRoute candidate)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(candidate);
        return Of(route, candidate, new BackendEndpoint(string.Empty, candidate.Address));
    }

    /// <summary>The state of one endpoint of a candidate.</summary>
    public CandidateState Of(RouteEntry route, CandidateRoute candidate, BackendEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(endpoint);
        return _states.GetOrAdd((route.Route, candidate.Name, endpoint.Address), static (_, e) => new CandidateState(e), endpoint);
    }

    /// <summary>Drops the states of a candidate's discovered Pods that are not in <paramref name="current"/> and have
    /// nothing in flight (one still draining is dropped at a later change: a lease keeps its own reference, and dropping
    /// it early would let a returning Pod start from zero while old requests run).</summary>
    internal void ForgetOthers(RouteEntry route, CandidateRoute candidate, IReadOnlyCollection<CandidateState> current)
    {
        foreach (var (key, state) in _states)
        {
            if (key.Route != route.Route || key.Candidate != candidate.Name || state.Endpoint.Pod.Length == 0) continue;
            if (state.InFlight == 0 && !current.Contains(state))
                _states.TryRemove(new KeyValuePair<(string, string, string), CandidateState>(key, state));
        }
    }

    /// <summary>This gateway's requests in flight at <paramref name="address"/>, over every route and candidate sending
    /// there (read by the server-load scraper just before it scrapes the address).</summary>
    public int InFlightAt(string address)
    {
        var sum = 0;
        foreach (var (key, state) in _states)
        {
            if (string.Equals(key.Address, address, StringComparison.Ordinal)) sum += state.InFlight;
        }
        return sum;
    }

    /// <summary>Every state kept, with its route and candidate (for the scrape-time gauges).</summary>
    internal IEnumerable<(string Route, string Candidate, CandidateState State)> All() =>
        _states.Select(kv => (kv.Key.Route, kv.Key.Candidate, kv.Value));

    /// <summary>The current endpoints of a route's candidates (one holder per routing snapshot; see <see cref="EndpointResolver"/>).</summary>
    public RouteBackends Backends(RouteEntry route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return _backends.GetValue(route, static r => new RouteBackends(r));
    }

    /// <summary>Completes the next time any lease is released; call between <see cref="EnterWait"/> and <see cref="ExitWait"/>.</summary>
    public Task NextReleaseAsync() => Volatile.Read(ref _released).Task;

    /// <summary>A request starts waiting for a slot: releases signal from now on.</summary>
    public void EnterWait() => Interlocked.Increment(ref _waiters);

    /// <summary>The request stopped waiting.</summary>
    public void ExitWait() => Interlocked.Decrement(ref _waiters);

    /// <summary>Wakes waiters, if any: a slot was freed or new endpoints appeared. The slot was freed (an interlocked decrement) before this reads the waiter count,
    /// and a waiter counts itself before it tries for a slot, so either it sees the free slot or this sees it.</summary>
    internal void SignalRelease()
    {
        if (Volatile.Read(ref _waiters) == 0) return;
        Interlocked.Exchange(ref _released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
