using Frontier.Gateway.Endpoints;

namespace Frontier.Gateway;

/// <summary>One request's hold on an in-flight slot of one endpoint of a candidate; released once, on dispose. It
/// keeps the endpoint's state object, so it releases correctly even after the endpoint left the candidate (drain).</summary>
public sealed class InFlightLease : IDisposable
{
    private readonly CandidateStates _states;
    private readonly CandidateState _state;
    private readonly Action<int>? _onChange;
    private int _released;

    internal InFlightLease(CandidateStates states, CandidateState state, RouteEntry route, CandidateRoute candidate, int siblings, Action<int>? onChange)
    {
        _states = states;
        _state = state;
        Route = route;
        Candidate = candidate;
        Siblings = siblings;
        _onChange = onChange;
    }

    /// <summary>The route.</summary>
    public RouteEntry Route { get; }

    /// <summary>The candidate held.</summary>
    public CandidateRoute Candidate { get; }

    /// <summary>The endpoint held (a Pod, or the candidate's fixed address).</summary>
    public BackendEndpoint Endpoint => _state.Endpoint;

    /// <summary>How many endpoints the candidate had when the lease was taken.</summary>
    public int Siblings { get; }

    /// <summary>The held endpoint's live state.</summary>
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
