using Frontier.Gateway.Endpoints;
using Frontier.Gateway.ServerLoad;

namespace Frontier.Gateway;

/// <summary>
/// Takes an in-flight lease on one endpoint of one candidate of a route; when none has room, waits (on the injected
/// clock) up to a bound for a slot to free up. Each candidate is resolved to its endpoints at pick time
/// (<see cref="EndpointResolver"/>); an endpoint has room while its load (this gateway's in-flight plus the load the
/// server reports beyond them, <see cref="IServerLoad"/>) is below its cap. <see cref="CandidatePicker"/> chooses the
/// candidate (weights, frontier spill, ejected endpoints last) and the endpoint (power of two choices).
/// </summary>
public sealed class Admission(
    CandidatePicker picker,
    CandidateStates states,
    TimeProvider time,
    GatewayOptions options,
    GatewayMetrics? metrics = null,
    EndpointResolver? resolver = null,
    IServerLoad? serverLoad = null)
{
    private const int StackLimit = 32;
    private readonly EndpointResolver _resolver = resolver ?? new EndpointResolver(states, new EndpointDirectory());
    private readonly IServerLoad _serverLoad = serverLoad ?? NoServerLoad.Instance;

    /// <summary>The clock.</summary>
    public TimeProvider Time => time;

    /// <summary>The gateway's settings.</summary>
    public GatewayOptions Options => options;

    /// <summary>Tries once, without waiting; null when nothing has room.</summary>
    /// <param name="route">The route.</param>
    /// <param name="excluded">Candidates not to use at all.</param>
    /// <param name="retryOf">The (released) lease of an attempt that failed: its endpoint is not used again, and another
    /// endpoint of its candidate is preferred over another candidate.</param>
    public InFlightLease? TryAcquire(RouteEntry route, Func<CandidateRoute, bool>? excluded = null, InFlightLease? retryOf = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        var cs = route.Candidates;
        var n = cs.Length;
        if (n == 0) return null;
        var now = time.GetUtcNow();
        var backends = states.Backends(route);
        var failed = retryOf?.State;
        Span<CandidateRoom> rooms = n <= StackLimit ? stackalloc CandidateRoom[n] : new CandidateRoom[n];
        for (var i = 0; i < n; i++)
            rooms[i] = RoomOf(_resolver.Resolve(backends, i), excluded?.Invoke(cs[i]) == true, failed, now);

        if (retryOf is not null && cs.IndexOf(retryOf.Candidate) is var same and >= 0 && rooms[same].Allowed && rooms[same].HasHealthyRoom
            && TryTake(route, same, _resolver.Resolve(backends, same), healthyOnly: true, failed, now) is { } sibling)
        {
            return sibling;
        }
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var i = picker.Pick(rooms);
            if (i < 0) return null;
            var b = _resolver.Resolve(backends, i);
            if (TryTake(route, i, b, rooms[i].HasHealthyRoom, failed, now) is { } lease) return lease;
            rooms[i] = RoomOf(b, excluded?.Invoke(cs[i]) == true, failed, now); // lost a race for the last slot; look again
        }
        return null;
    }

    /// <summary>A lease, waiting up to <paramref name="wait"/> for a slot; null when none freed up in time.</summary>
    public async Task<InFlightLease?> AcquireAsync(RouteEntry route, TimeSpan wait, Func<CandidateRoute, bool>? excluded, CancellationToken cancellationToken, InFlightLease? retryOf = null)
    {
        if (TryAcquire(route, excluded, retryOf) is { } first) return first;
        var deadline = time.GetUtcNow() + wait;
        states.EnterWait();
        try
        {
            while (true)
            {
                var released = states.NextReleaseAsync(); // taken before trying, so a release in between is not missed
                if (TryAcquire(route, excluded, retryOf) is { } lease) return lease;
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero) return null;
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(remaining, time, cts.Token);
                await Task.WhenAny(released, delay).ConfigureAwait(false);
                await cts.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            states.ExitWait();
        }
    }

    /// <summary>The candidate as the picker sees it. A candidate all of whose endpoints are excluded is not allowed (so it
    /// leaves the weighted draw, as an excluded candidate does); one with no endpoints at all has no room.</summary>
    private CandidateRoom RoomOf(CandidateBackends b, bool excludedCandidate, CandidateState? failed, DateTimeOffset now)
    {
        var usable = false;
        var room = false;
        var healthy = false;
        foreach (var e in b.Endpoints)
        {
            if (ReferenceEquals(e, failed)) continue;
            usable = true;
            if (!b.HasRoom(e, Load(e))) continue;
            room = true;
            if (!e.IsEjected(now))
            {
                healthy = true;
                break;
            }
        }
        var allowed = !excludedCandidate && (usable || b.Endpoints.Length == 0);
        return new CandidateRoom(b.Weight, allowed, room, healthy);
    }

    /// <summary>Takes a slot on an endpoint of candidate <paramref name="index"/> chosen by the power of two choices; null
    /// when none is eligible or the chosen one filled up meanwhile.</summary>
    private InFlightLease? TryTake(RouteEntry route, int index, CandidateBackends b, bool healthyOnly, CandidateState? failed, DateTimeOffset now)
    {
        var endpoints = b.Endpoints;
        Span<EndpointRoom> rooms = endpoints.Length <= StackLimit ? stackalloc EndpointRoom[endpoints.Length] : new EndpointRoom[endpoints.Length];
        for (var k = 0; k < endpoints.Length; k++)
        {
            var e = endpoints[k];
            var load = Load(e);
            rooms[k] = new EndpointRoom(load,
                !ReferenceEquals(e, failed) && b.HasRoom(e, load) && (!healthyOnly || !e.IsEjected(now)));
        }
        var chosen = picker.PickEndpoint(rooms);
        if (chosen < 0) return null;
        var state = endpoints[chosen];
        var count = state.Increment();
        if ((b.Cap is { } limit && count + _serverLoad.OthersLoad(state.Endpoint.Address) > limit) || (b.OwnCap is { } own && count > own))
        {
            state.Decrement(); // lost a race for the last slot
            return null;
        }
        var candidate = route.Candidates[index];
        metrics?.InFlightChanged(route, candidate, +1);
        return new InFlightLease(states, state, route, candidate, endpoints.Length, metrics is null ? null : _ => metrics.InFlightChanged(route, candidate, -1));
    }

    private int Load(CandidateState e) => e.InFlight + _serverLoad.OthersLoad(e.Endpoint.Address);
}
