namespace Frontier.Planning;

/// <summary>
/// Remembers, per candidate, that its Pods could not be scheduled, so the plan caps its replicas at those that were
/// scheduled for <see cref="Duration"/> and moves the rest of the demand to other candidates. Without the memory the plan
/// would flap: once the Deployment is scaled down to what fits, no Pod is Pending any more, and the next pass would ask
/// for the unschedulable replicas again. When the hold ends the plan asks again; if the nodes still have no room the
/// Pods are Pending once more and the hold starts over (one probe per <see cref="Duration"/>). Pure: the time is passed in.
/// </summary>
public sealed class SchedulingHolds(TimeSpan duration)
{
    /// <summary>Default hold: 2 minutes — a few operator intervals, short next to a node pool's scale-up or a GPU freed by another route.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, SchedulingHold> _holds = new(StringComparer.Ordinal);

    /// <summary>How long a candidate stays capped after its Pods were last seen unschedulable.</summary>
    public TimeSpan Duration { get; } = duration >= TimeSpan.Zero ? duration : throw new ArgumentOutOfRangeException(nameof(duration), duration, "must be ≥ 0");

    /// <summary>
    /// Records that <paramref name="candidate"/> had Pods the scheduler could not place at <paramref name="now"/>, while
    /// <paramref name="scheduled"/> of its Pods were on a node: it is planned with at most that many replicas for <see cref="Duration"/>.
    /// </summary>
    public void Unschedulable(string candidate, int scheduled, string schedulerMessage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        _holds[candidate] = new SchedulingHold(Math.Max(0, scheduled), now + Duration, schedulerMessage ?? string.Empty);
    }

    /// <summary>The holds in effect at <paramref name="now"/> (expired ones are forgotten).</summary>
    public IReadOnlyDictionary<string, SchedulingHold> Active(DateTimeOffset now)
    {
        foreach (var expired in _holds.Where(h => h.Value.Until <= now).Select(h => h.Key).ToList()) _holds.Remove(expired);
        return new Dictionary<string, SchedulingHold>(_holds, StringComparer.Ordinal);
    }
}
