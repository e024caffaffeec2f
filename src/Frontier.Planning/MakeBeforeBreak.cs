using Frontier.Economics.Allocation;

namespace Frontier.Planning;

/// <summary>
/// Make-before-break between the plan the route wants (the target) and the capacity that serves now. Two decisions, both
/// pure: (1) what each Deployment asks for — a candidate growing asks for its target at once; a candidate shrinking keeps
/// its ready replicas (never more than it asked for) while any candidate still waits for replicas of its target to become
/// ready, and only then drops to its target, so there is no moment when old replicas are gone and new ones not yet ready —
/// except for a candidate that has waited longer than its grace (<see cref="GivenUp"/>): its replicas are taken to be
/// failing, and nothing is held for it any more, so a replacement that never turns ready cannot keep the cost above the plan;
/// (2) what the gateway may be told — while some target is not ready, the published plan is planned again with each
/// candidate capped at its ready replicas, so weights, replicas and in-flight caps only count capacity that serves now.
/// Candidates without an observed <see cref="ReplicaState"/> (no Deployment, or a backend the operator cannot tie to its
/// Pods) are taken as following their target.
/// </summary>
public static class MakeBeforeBreak
{
    /// <summary>Whether a candidate still waits for replicas of its target: fewer ready than <paramref name="target"/> asks for.</summary>
    public static bool Waiting(int target, ReplicaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Ready < target;
    }

    /// <summary>
    /// The replicas each observed candidate's Deployment should ask for, given the <paramref name="target"/> plan's replicas
    /// and what is <paramref name="observed"/> (both by candidate name; a candidate missing from the target asks for 0).
    /// Candidates in <paramref name="givenUp"/> still ask for their target, but no other candidate keeps replicas for them.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ReplicasToAsk(IReadOnlyDictionary<string, int> target, IReadOnlyDictionary<string, ReplicaState> observed,
        IReadOnlySet<string>? givenUp = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(observed);
        var replacing = observed.Any(o => Waiting(TargetOf(target, o.Key), o.Value) && givenUp?.Contains(o.Key) != true);
        var asks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, state) in observed)
        {
            var goal = TargetOf(target, name);
            asks[name] = goal >= state.Asked || !replacing
                ? goal
                : Math.Max(goal, Math.Min(state.Asked, state.Ready)); // keep what serves; let replicas still starting go
        }
        return asks;
    }

    /// <summary>
    /// The candidates that have <paramref name="waited"/> (<see cref="ReadinessWaits"/>) at least <paramref name="grace"/> for
    /// their new replicas to become ready, with how long; by candidate name.
    /// </summary>
    public static IReadOnlyDictionary<string, ReplacementOverdue> GivenUp(IReadOnlyDictionary<string, TimeSpan> waited, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(waited);
        return waited.Where(w => w.Value >= grace)
            .ToDictionary(w => w.Key, w => new ReplacementOverdue(w.Value, grace), StringComparer.Ordinal);
    }

    /// <summary>
    /// Caps for planning the published (serving) plan: each observed candidate's ready replicas, every other candidate's
    /// target replicas (what it runs, as far as anyone can tell); null when every observed candidate has its target ready,
    /// so the target plan is serveable as it is and is published unchanged.
    /// </summary>
    public static IReadOnlyDictionary<string, int>? ServingCaps(IReadOnlyDictionary<string, int> target, IReadOnlyDictionary<string, ReplicaState> observed)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(observed);
        if (!observed.Any(o => Waiting(TargetOf(target, o.Key), o.Value))) return null;
        var caps = new Dictionary<string, int>(target, StringComparer.Ordinal);
        foreach (var (name, state) in observed) caps[name] = Math.Max(0, state.Ready);
        return caps;
    }

    /// <summary>
    /// The serving plan as the gateway may follow it: a candidate without a ready replica gets no traffic (the allocator
    /// gives a plan that serves nothing all its weight to one candidate; with nothing ready, that is a candidate with no
    /// replica), and the weights of the others are scaled back to 1 — all 0 when nothing is ready.
    /// </summary>
    public static AllocationPlan WithoutIdle(AllocationPlan serving)
    {
        ArgumentNullException.ThrowIfNull(serving);
        var kept = serving.Candidates.Where(c => c.Replicas > 0).Sum(c => c.Weight);
        return serving with
        {
            Candidates = serving.Candidates
                .Select(c => c with { Weight = c.Replicas > 0 && kept > 0 ? c.Weight / kept : 0 })
                .ToList(),
        };
    }

    private static int TargetOf(IReadOnlyDictionary<string, int> target, string name) => target.TryGetValue(name, out var replicas) ? replicas : 0;
}
