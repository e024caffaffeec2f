using Frontier.Operator.Scaling;

namespace Frontier.Operator.Reconcilers;

/// <summary>The scale phase's outcome over every candidate Deployment, as the Scaled condition states it.</summary>
/// <param name="Ok">True when every named Deployment asks for its planned replicas.</param>
/// <param name="Reason">The condition reason: the most serious problem's, or ReplicasSet / NothingToScale.</param>
/// <param name="Message">Every problem, or what went right.</param>
internal sealed record ScaleReport(bool Ok, string Reason, string Message)
{
    public static ScaleReport Of(IReadOnlyList<ScaleOutcome> outcomes)
    {
        if (outcomes.Count == 0) return new(true, Reasons.NothingToScale, "no candidate names a Deployment");
        var problems = outcomes.Where(o => !o.Ok).ToList();
        if (problems.Count == 0)
        {
            var starting = outcomes.Where(o => o.Starting).ToList();
            return starting.Count == 0
                ? new(true, Reasons.ReplicasSet, "every candidate Deployment asks for its planned replicas")
                : new(true, Reasons.ReplicasStarting, "every candidate Deployment asks for its planned replicas; not all ready yet: " +
                    string.Join(", ", starting.Select(o => FormattableString.Invariant($"{o.Deployment} {o.Ready} of {o.Planned} ready"))));
        }
        var reason = problems.Max(p => p.Result) switch
        {
            ScaleResult.NotFound => Reasons.DeploymentNotFound,
            ScaleResult.NotOptedIn => Reasons.DeploymentNotOptedIn,
            _ => Reasons.ScaleFailed,
        };
        return new(false, reason, string.Join("; ", problems.Select(p => p.Message)));
    }
}
