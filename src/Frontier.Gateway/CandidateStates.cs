using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Frontier.Gateway;

/// <summary>In-flight counters and outlier state per (route, candidate, address); survives snapshot swaps.</summary>
public sealed class CandidateStates
{
    private readonly ConcurrentDictionary<(string Route, string Candidate, string Address), CandidateState> _states = new();
    private readonly ConditionalWeakTable<RouteEntry, CandidateState[]> _byRoute = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;

    /// <summary>The state of a candidate of a route.</summary>
    public CandidateState Of(RouteEntry route, CandidateRoute candidate) =>
        _states.GetOrAdd((route.Route, candidate.Name, candidate.Address), static _ => new CandidateState());

    /// <summary>The states of a route's candidates, index for index (looked up once per routing snapshot).</summary>
    public CandidateState[] Of(RouteEntry route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return _byRoute.GetValue(route, r => [.. r.Candidates.Select(c => Of(r, c))]);
    }

    /// <summary>Completes the next time any lease is released; call between <see cref="EnterWait"/> and <see cref="ExitWait"/>.</summary>
    public Task NextReleaseAsync() => Volatile.Read(ref _released).Task;

    /// <summary>A request starts waiting for a slot: releases signal from now on.</summary>
    public void EnterWait() => Interlocked.Increment(ref _waiters);

    /// <summary>The request stopped waiting.</summary>
    public void ExitWait() => Interlocked.Decrement(ref _waiters);

    /// <summary>Wakes waiters, if any. The slot was freed (an interlocked decrement) before this reads the waiter count,
    /// and a waiter counts itself before it tries for a slot, so either it sees the free slot or this sees it.</summary>
    internal void SignalRelease()
    {
        if (Volatile.Read(ref _waiters) == 0) return;
        Interlocked.Exchange(ref _released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
