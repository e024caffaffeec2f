using k8s.Models;

namespace Frontier.Runtime;

/// <summary>Helpers for the standard <c>status.conditions</c> list (metav1.Condition).</summary>
public static class Conditions
{
    /// <summary>
    /// Sets condition <paramref name="type"/>, adding it if missing. <c>lastTransitionTime</c> changes only when the
    /// status flips (or the condition is new); reason, message and observedGeneration are always brought up to date.
    /// </summary>
    /// <param name="conditions">The list to update in place.</param>
    /// <param name="type">The condition type, e.g. "Ready".</param>
    /// <param name="status">True or False.</param>
    /// <param name="reason">A CamelCase reason, e.g. "Reconciled".</param>
    /// <param name="message">A human-readable message.</param>
    /// <param name="observedGeneration">The metadata.generation the condition was computed from.</param>
    /// <param name="now">The current time; stored in UTC, truncated to whole seconds as the API does.</param>
    /// <returns>Whether anything changed.</returns>
    public static bool Set(
        IList<V1Condition> conditions, string type, bool status, string reason, string message, long? observedGeneration, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentException.ThrowIfNullOrEmpty(type);
        var statusText = status ? "True" : "False";
        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = statusText,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = Normalize(now),
            });
            return true;
        }

        var changed = false;
        if (existing.Status != statusText)
        {
            existing.Status = statusText;
            existing.LastTransitionTime = Normalize(now);
            changed = true;
        }

        if (existing.Reason != reason)
        {
            existing.Reason = reason;
            changed = true;
        }

        if (existing.Message != message)
        {
            existing.Message = message;
            changed = true;
        }

        if (existing.ObservedGeneration != observedGeneration)
        {
            existing.ObservedGeneration = observedGeneration;
            changed = true;
        }

        return changed;
    }

    /// <summary>The condition of type <paramref name="type"/>, or <c>null</c>.</summary>
    /// <param name="conditions">The list (may be null).</param>
    /// <param name="type">The condition type.</param>
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    /// <summary>Whether condition <paramref name="type"/> exists with status "True".</summary>
    /// <param name="conditions">The list (may be null).</param>
    /// <param name="type">The condition type.</param>
    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) =>
        string.Equals(Find(conditions, type)?.Status, "True", StringComparison.Ordinal);

    /// <summary>Removes condition <paramref name="type"/>; returns whether it was there.</summary>
    /// <param name="conditions">The list to update in place.</param>
    /// <param name="type">The condition type.</param>
    public static bool Remove(IList<V1Condition> conditions, string type)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = Find(conditions, type);
        return existing is not null && conditions.Remove(existing);
    }

    private static DateTime Normalize(DateTime now)
    {
        var utc = now.Kind switch
        {
            DateTimeKind.Utc => now,
            DateTimeKind.Local => now.ToUniversalTime(),
            _ => DateTime.SpecifyKind(now, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
