namespace Frontier.Gateway;

/// <summary>
/// Picks a candidate with room and takes an in-flight lease on it; when every candidate is full, waits (on the
/// injected clock) up to a bound for a slot to free up. Candidates that <see cref="OutlierDetector"/> ejected are
/// skipped while another candidate has room.
/// </summary>
public sealed class Admission(CandidatePicker picker, CandidateStates states, TimeProvider time, GatewayOptions options, GatewayMetrics? metrics = null)
{
    /// <summary>The clock.</summary>
    public TimeProvider Time => time;

    /// <summary>The gateway's settings.</summary>
    public GatewayOptions Options => options;

    /// <summary>Tries once, without waiting; null when no candidate has room.</summary>
    public InFlightLease? TryAcquire(RouteEntry route, Func<CandidateRoute, bool>? excluded = null)
    {
        var cs = route.Candidates;
        var now = time.GetUtcNow();
        var stateOf = states.Of(route);
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var i = picker.Pick(route, j => stateOf[j].InFlight, j => stateOf[j].IsEjected(now), excluded is null ? null : j => excluded(cs[j]));
            if (i < 0) return null;
            var count = stateOf[i].Increment();
            if (cs[i].MaxInFlight is { } cap && count > cap)
            {
                stateOf[i].Decrement(); // lost a race for the last slot; draw again
                continue;
            }
            var candidate = cs[i];
            metrics?.SetInFlight(route, candidate, count);
            return new InFlightLease(states, stateOf[i], route, candidate, n => metrics?.SetInFlight(route, candidate, n));
        }
        return null;
    }

    /// <summary>A lease, waiting up to <paramref name="wait"/> for a slot; null when none freed up in time.</summary>
    public async Task<InFlightLease?> AcquireAsync(RouteEntry route, TimeSpan wait, Func<CandidateRoute, bool>? excluded, CancellationToken cancellationToken)
    {
        if (TryAcquire(route, excluded) is { } first) return first;
        var deadline = time.GetUtcNow() + wait;
        states.EnterWait();
        try
        {
            while (true)
            {
                var released = states.NextReleaseAsync(); // taken before trying, so a release in between is not missed
                if (TryAcquire(route, excluded) is { } lease) return lease;
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
}
