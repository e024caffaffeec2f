namespace Frontier.Runtime;

/// <summary>
/// Level-based reconciliation: given only a key, read the current state (from informer caches) and drive the world
/// towards it. Must be idempotent. Throwing requeues the key with per-key exponential backoff.
/// </summary>
public interface IReconciler
{
    /// <summary>Reconciles the object identified by <paramref name="key"/> (which may no longer exist).</summary>
    /// <param name="key">The primary object's key.</param>
    /// <param name="cancellationToken">Cancelled the moment the controller stops (e.g. its leader lost the Lease): pass it to
    /// every API write, so that none is made after that moment.</param>
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
