using System.Net;
using k8s;
using k8s.Autorest;

namespace Frontier.Testing;

/// <summary>Lease moves a test makes from outside the candidates: another identity taking a Lease by force.</summary>
public static class Leases
{
    /// <summary>
    /// Makes <paramref name="holder"/> hold the Lease, renewed now, for <paramref name="duration"/> (so the old holder
    /// cannot take it back meanwhile); reads and replaces again when a candidate's renewal got in between (409).
    /// </summary>
    /// <param name="client">A client of the cluster.</param>
    /// <param name="namespace">The Lease's namespace.</param>
    /// <param name="name">The Lease's name.</param>
    /// <param name="holder">The new holderIdentity.</param>
    /// <param name="duration">The new leaseDurationSeconds.</param>
    public static async Task TakeAsync(IKubernetes client, string @namespace, string name, string holder, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var attempt = 1; ; attempt++)
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace).ConfigureAwait(false);
            lease.Spec.HolderIdentity = holder;
            lease.Spec.RenewTime = DateTime.UtcNow;
            lease.Spec.LeaseDurationSeconds = (int)Math.Ceiling(duration.TotalSeconds);
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, @namespace).ConfigureAwait(false);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }
}
