using Frontier.Gateway.Endpoints;

namespace Frontier.Gateway;

/// <summary>
/// Live state of one endpoint of a candidate (a discovered Pod, or the candidate's fixed address): requests in flight, and what outlier detection keeps about it (consecutive
/// failures, whether it is ejected and until when, how many times it was ejected). Counters are interlocked; an
/// ejection itself is decided under the route's lock by <see cref="OutlierDetector"/>. A lease keeps the object it
/// counted on, so a request on a Pod that has since gone (drained) still releases its slot.
/// </summary>
public sealed class CandidateState(BackendEndpoint endpoint)
{
    private int _inFlight;
    private int _consecutive5xx;
    private int _consecutiveConnectFailures;
    private long _ejectedUntilTicks = long.MinValue;

    /// <summary>The endpoint this state is about.</summary>
    public BackendEndpoint Endpoint { get; } = endpoint;

    /// <summary>Requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>5xx answers (or broken responses) in a row since the last success.</summary>
    public int Consecutive5xx => Volatile.Read(ref _consecutive5xx);

    /// <summary>Connection failures in a row since the last success.</summary>
    public int ConsecutiveConnectFailures => Volatile.Read(ref _consecutiveConnectFailures);

    /// <summary>Times ejected, as it stood after the last ejection (it decays while the backend stays healthy).</summary>
    public int Ejections { get; private set; }

    /// <summary>When the current or last ejection ends (<see cref="DateTimeOffset.MinValue"/> if never ejected).</summary>
    public DateTimeOffset EjectedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _ejectedUntilTicks);
            return ticks == long.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Whether outlier detection has ejected the candidate at <paramref name="now"/>.</summary>
    public bool IsEjected(DateTimeOffset now) => now.UtcTicks < Interlocked.Read(ref _ejectedUntilTicks);

    internal int Increment() => Interlocked.Increment(ref _inFlight);

    internal int Decrement() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A success (any answer below 500): the failure streaks end. Every request calls this, so it writes
    /// only when there is a streak to end.</summary>
    internal void Succeeded()
    {
        if (Volatile.Read(ref _consecutive5xx) != 0) Interlocked.Exchange(ref _consecutive5xx, 0);
        if (Volatile.Read(ref _consecutiveConnectFailures) != 0) Interlocked.Exchange(ref _consecutiveConnectFailures, 0);
    }

    /// <summary>Counts a failure of <paramref name="kind"/>; the streak's new length.</summary>
    internal int Failed(BackendFailureKind kind) => kind == BackendFailureKind.ConnectFailure
        ? Interlocked.Increment(ref _consecutiveConnectFailures)
        : Interlocked.Increment(ref _consecutive5xx);

    /// <summary>Ejects until <paramref name="until"/> as ejection number <paramref name="ejections"/>; the streaks start again.</summary>
    internal void Eject(DateTimeOffset until, int ejections)
    {
        Ejections = ejections;
        Interlocked.Exchange(ref _consecutive5xx, 0);
        Interlocked.Exchange(ref _consecutiveConnectFailures, 0);
        Interlocked.Exchange(ref _ejectedUntilTicks, until.UtcTicks);
    }
}
