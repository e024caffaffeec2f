using Frontier.Planning;

namespace Frontier.Operator.Reconcilers;

/// <summary>What the scale phase asks of each candidate's Deployment, and why; by candidate name.</summary>
/// <param name="Asks">The replicas each Deployment asks for.</param>
/// <param name="Targets">The target plan's replicas (fewer than asked while a Deployment keeps serving for a replacement); null when no plan was made this pass.</param>
/// <param name="Holds">Candidates capped because their Pods could not be scheduled.</param>
internal sealed record ScaleIntent(
    IReadOnlyDictionary<string, int> Asks,
    IReadOnlyDictionary<string, int>? Targets,
    IReadOnlyDictionary<string, SchedulingHold> Holds)
{
    /// <summary>Candidates whose new replicas were not ready within the grace: no other candidate keeps replicas for them.</summary>
    public IReadOnlyDictionary<string, ReplacementOverdue> NotReady { get; init; } = new Dictionary<string, ReplacementOverdue>();

    /// <summary>Asks for <paramref name="asks"/> with no plan behind them (fail static).</summary>
    public static ScaleIntent Keep(IReadOnlyDictionary<string, int> asks) => new(asks, null, new Dictionary<string, SchedulingHold>());
}
