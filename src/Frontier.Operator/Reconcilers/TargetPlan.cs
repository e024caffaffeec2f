using Frontier.Api;
using Frontier.Planning;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// The plan a route wants, with what it was made from, so the serving plan can be made again for other ready replicas —
/// also in a pass that cannot plan afresh (metrics unavailable: the route fails static on its last target).
/// </summary>
/// <param name="Plan">The target plan (within the scheduling holds).</param>
/// <param name="Demand">The demand it was planned for (after spec.scaling).</param>
/// <param name="Catalog">The catalog it was planned with (measured power where there was some).</param>
/// <param name="Live">vLLM's live figures per replica it was calibrated with.</param>
/// <param name="Holds">The scheduling holds it was made within; by candidate name.</param>
/// <param name="PowerSource">Where its power figures came from, as status.plan.powerSource says.</param>
internal sealed record TargetPlan(
    RoutePlan Plan,
    double Demand,
    IResourceCatalog Catalog,
    IReadOnlyDictionary<string, LiveObservation>? Live,
    IReadOnlyDictionary<string, SchedulingHold> Holds,
    string PowerSource)
{
    /// <summary>Its replicas; by candidate name.</summary>
    public Dictionary<string, int> Replicas => Plan.Allocation.Candidates.ToDictionary(c => c.Name, c => c.Replicas, StringComparer.Ordinal);

    /// <summary>Its holds as replica caps; by candidate name.</summary>
    public Dictionary<string, int> HoldCaps => Holds.ToDictionary(h => h.Key, h => h.Value.MaxReplicas, StringComparer.Ordinal);
}
