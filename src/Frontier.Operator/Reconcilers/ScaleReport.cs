using System.Globalization;
using Frontier.Operator.Scaling;

namespace Frontier.Operator.Reconcilers;

/// <summary>The scale phase's outcome over every candidate Deployment, as the Scaled condition states it.</summary>
/// <param name="Ok">True when every named Deployment asks for its planned replicas.</param>
/// <param name="Reason">The condition reason: the most serious problem's, else ReplicasNotReady, ReplicasUnschedulable, ReplicasStarting, ReplicasSet or NothingToScale.</param>
/// <param name="Message">Every problem, or what went right.</param>
internal sealed record ScaleReport(bool Ok, string Reason, string Message)
{
    public static ScaleReport Of(IReadOnlyList<ScaleOutcome> outcomes)
    {
        if (outcomes.Count == 0) return new(true, Reasons.NothingToScale, "no candidate names a Deployment");
        var problems = outcomes.Where(o => !o.Ok).ToList();
        if (problems.Count == 0) return Progress(outcomes);
        var reason = problems.Max(p => p.Result) switch
        {
            ScaleResult.NotFound => Reasons.DeploymentNotFound,
            ScaleResult.NotOptedIn => Reasons.DeploymentNotOptedIn,
            _ => Reasons.ScaleFailed,
        };
        return new(false, reason, string.Join("; ", problems.Select(p => p.Message)));
    }

    /// <summary>
    /// Every Deployment asks for its planned replicas: whether some were not ready within the grace, some cannot be
    /// scheduled, some are still starting, or all are ready.
    /// </summary>
    private static ScaleReport Progress(IReadOnlyList<ScaleOutcome> outcomes)
    {
        var notReady = outcomes.Where(o => o.NotReady is not null).ToList();
        var unschedulable = outcomes.Where(o => o.Unschedulable && o.NotReady is null).ToList();
        var starting = outcomes.Where(o => o.Starting && !o.Unschedulable && o.NotReady is null).ToList();
        var kept = outcomes.Where(o => o.KeptForReplacement).ToList();
        var notes = starting.Select(o => Invariant($"{o.Deployment} {o.Ready} of {o.Planned} ready"))
            .Concat(kept.Select(o => Invariant($"{o.Deployment} kept at {o.Planned} (plan: {o.Target}) until the new replicas are ready")))
            .ToList();
        if (notReady.Count > 0)
        {
            return new(true, Reasons.ReplicasNotReady, "some new replicas did not become ready within the grace; other candidates no longer keep replicas for them: "
                + string.Join("; ", notReady.Select(NotReady).Concat(unschedulable.Select(Unschedulable)).Concat(notes)));
        }
        if (unschedulable.Count > 0)
        {
            return new(true, Reasons.ReplicasUnschedulable, "some Pods cannot be scheduled; the plan moves their demand to other candidates: "
                + string.Join("; ", unschedulable.Select(Unschedulable).Concat(notes)));
        }
        return notes.Count == 0
            ? new(true, Reasons.ReplicasSet, "every candidate Deployment asks for its planned replicas")
            : new(true, Reasons.ReplicasStarting, "every candidate Deployment asks for its planned replicas; not all ready yet: " + string.Join(", ", notes));
    }

    /// <summary>"wingpt 1 of 3 ready, 2 Pending: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu.; planned with at most 1 replica until 12:02:00Z".</summary>
    private static string Unschedulable(ScaleOutcome o)
    {
        var parts = new List<string>();
        if (o.Scheduling is { Unschedulable: > 0 } s)
            parts.Add(Invariant($"{o.Deployment} {o.Ready} of {s.Scheduled + s.Unschedulable} ready, {s.Unschedulable} Pending: {s.SchedulerMessage}"));
        if (o.Hold is { } hold)
        {
            var held = Invariant($"planned with at most {hold.MaxReplicas} {(hold.MaxReplicas == 1 ? "replica" : "replicas")} until {hold.Until.UtcDateTime:HH:mm:ss}Z");
            parts.Add(parts.Count == 0 ? Invariant($"{o.Deployment} {held}: its Pods could not be scheduled ({hold.SchedulerMessage})") : held);
        }
        return string.Join("; ", parts);
    }

    /// <summary>"wingpt 0 of 3 ready after 3m30s, longer than its 3m grace (3 × spec.scaling.startupSeconds, at least 2m)".</summary>
    private static string NotReady(ScaleOutcome o) =>
        Invariant($"{o.Deployment} {o.Ready} of {o.Planned} ready after {Span(o.NotReady!.Waited)}, longer than its {Span(o.NotReady.Grace)} grace (3 × spec.scaling.startupSeconds, at least 2m)");

    /// <summary>"45s", "3m", "3m30s", "1h2m".</summary>
    private static string Span(TimeSpan t)
    {
        var seconds = (long)Math.Round(t.TotalSeconds);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return (h > 0 ? Invariant($"{h}h") : "") + (m > 0 ? Invariant($"{m}m") : "") + (s > 0 || seconds == 0 ? Invariant($"{s}s") : "");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
