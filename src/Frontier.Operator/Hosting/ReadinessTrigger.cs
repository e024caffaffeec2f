using System.Collections.Concurrent;
using Frontier.Runtime;
using k8s;
using k8s.Models;

namespace Frontier.Operator.Hosting;

/// <summary>
/// Queues the routes a Deployment serves when its spec or its replicas' readiness changes. The controller's own
/// secondary watches queue only on a new generation (a spec change), which a Pod turning ready never makes; this looks
/// at status.replicas, readyReplicas and unavailableReplicas too, and ignores the rest of the status writes.
/// </summary>
/// <param name="routes">The routes a Deployment is a candidate of.</param>
/// <param name="queue">The route controller's queue.</param>
internal sealed class ReadinessTrigger(Func<V1Deployment, IEnumerable<ObjectKey>> routes, WorkQueue<ObjectKey> queue)
{
    private readonly ConcurrentDictionary<ObjectKey, (long? Generation, int? Replicas, int? Ready, int? Unavailable)> _seen = new();

    /// <summary>Handles one informer event.</summary>
    public void OnChanged(WatchEventType type, V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var key = ObjectKey.Of(deployment);
        var now = (deployment.Metadata?.Generation, deployment.Status?.Replicas, deployment.Status?.ReadyReplicas, deployment.Status?.UnavailableReplicas);
        if (type == WatchEventType.Deleted) _seen.TryRemove(key, out _);
        else if (_seen.TryGetValue(key, out var before) && before == now) return;
        else _seen[key] = now;
        foreach (var route in routes(deployment)) queue.Add(route);
    }
}
