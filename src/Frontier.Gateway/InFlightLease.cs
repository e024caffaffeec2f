namespace Frontier.Gateway;

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
