using k8s.Models;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// Sets conditions of one object in one reconcile: every condition carries the generation it was computed from and
/// the time of this reconcile, which <see cref="Runtime.Conditions.Set"/> stores only when the condition's status flips.
/// Set each type at most once per reconcile, with its final value, so a pass never flips a condition back and forth.
/// </summary>
internal sealed class ConditionWriter(IList<V1Condition> conditions, long? generation, DateTime now)
{
    public void Set(string type, bool status, string reason, string message) =>
        Runtime.Conditions.Set(conditions, type, status, reason, message, generation, now);

    /// <summary>The object's conditions as a list this reconcile may change (a deep copy; empty when none).</summary>
    public static List<V1Condition> Copy(IList<V1Condition>? conditions) =>
        conditions is null ? [] : Copies.Deep(conditions.ToList());
}
