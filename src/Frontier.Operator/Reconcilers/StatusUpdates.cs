using k8s;
using k8s.Models;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// Sends a reconciler's new status only when it differs from the one the object carries: a reconcile that found
/// nothing new costs the API server no write and watchers no event.
/// </summary>
internal static class StatusUpdates
{
    /// <param name="writer">Writes the status against <paramref name="current"/>.</param>
    /// <param name="current">The object as last read (from the informer), carrying the status in effect.</param>
    /// <param name="status">The complete new status.</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<StatusWrite> WriteIfChangedAsync<T, TStatus>(IStatusWriter<T, TStatus> writer, T current, TStatus status, CancellationToken ct)
        where T : IStatus<TStatus?>
        where TStatus : class
    {
        if (Same(current.Status, status)) return StatusWrite.Unchanged;
        return await writer.WriteAsync(current, status, ct).ConfigureAwait(false) ? StatusWrite.Written : StatusWrite.Gone;
    }

    /// <summary>Whether the two statuses serialise alike, exactly as they would be sent.</summary>
    private static bool Same(object? before, object after) =>
        before is not null && string.Equals(KubernetesJson.Serialize(before), KubernetesJson.Serialize(after), StringComparison.Ordinal);
}
