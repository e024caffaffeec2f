using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Frontier.Gateway;

/// <summary>Live state of one candidate: requests in flight and when it was last seen failing.</summary>
public sealed class CandidateState
{
    private int _inFlight;
    private long _downUntilTicks = long.MinValue;

    /// <summary>Requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    internal int Increment() => Interlocked.Increment(ref _inFlight);

    internal int Decrement() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Whether the candidate is marked down at <paramref name="now"/>.</summary>
    public bool IsDown(DateTimeOffset now) => now.UtcTicks < Interlocked.Read(ref _downUntilTicks);

    /// <summary>Marks the candidate down until <paramref name="until"/>.</summary>
    public void MarkDown(DateTimeOffset until) => Interlocked.Exchange(ref _downUntilTicks, until.UtcTicks);

    /// <summary>Clears the down mark (after a success).</summary>
    public void MarkUp()
    {
        // Every success calls this: write only when there is a mark to clear.
        if (Interlocked.Read(ref _downUntilTicks) != long.MinValue) Interlocked.Exchange(ref _downUntilTicks, long.MinValue);
    }
}

/// <summary>In-flight counters and health per (route, candidate, address); survives snapshot swaps.</summary>
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

/// <summary>One request's hold on a candidate's in-flight slot; released once, on dispose.</summary>
public sealed class InFlightLease : IDisposable
{
    private readonly CandidateStates _states;
    private readonly CandidateState _state;
    private readonly Action<int>? _onChange;
    private int _released;

    internal InFlightLease(CandidateStates states, CandidateState state, RouteEntry route, CandidateRoute candidate, Action<int>? onChange)
    {
        _states = states;
        _state = state;
        Route = route;
        Candidate = candidate;
        _onChange = onChange;
    }

    /// <summary>The route.</summary>
    public RouteEntry Route { get; }

    /// <summary>The candidate held.</summary>
    public CandidateRoute Candidate { get; }

    /// <summary>The held candidate's live state.</summary>
    internal CandidateState State => _state;

    /// <summary>Releases the slot (idempotent).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        var now = _state.Decrement();
        _onChange?.Invoke(now);
        _states.SignalRelease();
    }
}
