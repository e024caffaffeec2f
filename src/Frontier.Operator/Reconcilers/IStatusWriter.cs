namespace Frontier.Operator.Reconcilers;

/// <summary>Writes an object's status subresource.</summary>
internal interface IStatusWriter<in T, in TStatus>
{
    /// <summary>
    /// Replaces the status of <paramref name="current"/> (the object as last read) with <paramref name="status"/>:
    /// fields the new status lacks are removed, not left behind. False when the object no longer exists.
    /// </summary>
    Task<bool> WriteAsync(T current, TStatus status, CancellationToken ct);
}
