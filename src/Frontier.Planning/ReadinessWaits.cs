namespace Frontier.Planning;

/// <summary>
/// Remembers, per candidate, since when it has waited for replicas of its target to become ready (fewer ready than its
/// target asks for), so make-before-break can stop holding other candidates' replicas for a replacement that never turns
/// ready. The wait starts at the first pass that sees the candidate short of its target and lasts while it stays short,
/// also if its target changes meanwhile (a target that keeps moving must not hold the old replicas forever); it ends the
/// first pass that sees it ready. Pure: the time is passed in. After an operator restart the wait starts over.
/// </summary>
public sealed class ReadinessWaits
{
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <summary>
    /// Records this pass at <paramref name="now"/> and returns how long each observed candidate still short of its
    /// <paramref name="target"/> has waited (by candidate name; a candidate missing from the target has a target of 0).
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> Observe(IReadOnlyDictionary<string, int> target, IReadOnlyDictionary<string, ReplicaState> observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(observed);
        var waiting = observed
            .Where(o => MakeBeforeBreak.Waiting(target.TryGetValue(o.Key, out var replicas) ? replicas : 0, o.Value))
            .Select(o => o.Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var done in _since.Keys.Where(name => !waiting.Contains(name)).ToList()) _since.Remove(done);
        var waited = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var name in waiting)
        {
            if (!_since.TryGetValue(name, out var since)) _since[name] = since = now;
            waited[name] = now - since;
        }
        return waited;
    }
}
