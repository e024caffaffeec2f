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
        if (problems.Count == 0) return new(true, Reasons.ReplicasSet, "every candidate Deployment asks for its planned replicas");
        var reason = problems.Max(p => p.Result) switch
        {
            ScaleResult.NotFound => Reasons.DeploymentNotFound,
            ScaleResult.NotOptedIn => Reasons.DeploymentNotOptedIn,
            _ => Reasons.ScaleFailed,
        };
        return new(false, reason, string.Join("; ", problems.Select(p => p.Message)));
    }
}
