using System.Collections.Concurrent;
using Frontier.Runtime;
using k8s;
using k8s.Models;

namespace Frontier.Operator.Hosting;

/// <summary>
/// Queues the routes a Deployment serves when it appears, goes, or the number of its ready replicas changes. The
/// controller's own secondary watches queue only on a new generation (a spec change), which a Pod turning ready never
/// makes; every other change (the operator's own scale, Pods being created) waits for the route's next pass, so a
/// route is not reconciled again for each step of a rollout that readiness does not see.
/// </summary>
/// <param name="routes">The routes a Deployment is a candidate of.</param>
/// <param name="queue">The route controller's queue.</param>
/// <param name="synced">Whether the Deployment informer has made its first list. The Deployments of that list are only
/// recorded: every route gets its first pass anyway (it reads the Deployments itself), and queuing them again made a
/// second pass a few hundred milliseconds after the first.</param>
internal sealed class ReadinessTrigger(Func<V1Deployment, IEnumerable<ObjectKey>> routes, WorkQueue<ObjectKey> queue, Func<bool>? synced = null)
{
    private readonly ConcurrentDictionary<ObjectKey, int> _ready = new();

    /// <summary>Handles one informer event.</summary>
    public void OnChanged(WatchEventType type, V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var key = ObjectKey.Of(deployment);
        var ready = deployment.Status?.ReadyReplicas ?? 0;
        if (type == WatchEventType.Deleted) _ready.TryRemove(key, out _);
        else if (_ready.TryGetValue(key, out var before) && before == ready) return;
        else _ready[key] = ready;
        if (synced is not null && !synced()) return;
        foreach (var route in routes(deployment)) queue.Add(route);
    }
}
