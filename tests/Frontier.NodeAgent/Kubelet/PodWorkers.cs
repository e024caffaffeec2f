using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// The kubelet part of the agent: one <see cref="PodWorker"/> per pod bound to this node (keyed by UID, so a pod
/// re-created under the same name is a new pod), fed by the informer on <c>spec.nodeName=NODE</c>.
/// </summary>
internal sealed class PodWorkers(KubeletContext context)
{
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly ILogger _logger = context.Logs.CreateLogger("kubelet");
    private volatile bool _stopping;

    /// <summary>How many pods have a worker.</summary>
    public int Count => _workers.Count;

    /// <summary>The informer's handler: starts, updates and ends workers.</summary>
    public void OnPodChanged(WatchEventType type, V1Pod pod)
    {
        var uid = pod.Metadata.Uid;
        if (_stopping || uid is null) return;
        if (type == WatchEventType.Deleted)
        {
            if (_workers.TryGetValue(uid, out var gone)) gone.Deleted();
            return;
        }
        if (_workers.TryGetValue(uid, out var worker))
        {
            worker.Update(pod);
            return;
        }
        // A pod that ended before this agent saw it (it restarted) has nothing to run; only its removal is left.
        var terminal = pod.Status?.Phase is "Succeeded" or "Failed";
        if (terminal && pod.Metadata.DeletionTimestamp is null) return;
        worker = new PodWorker(pod, context);
        if (!_workers.TryAdd(uid, worker)) return;
        _logger.LogInformation("pod {Namespace}/{Name} ({Uid}) bound here: starting it", pod.Metadata.NamespaceProperty, pod.Metadata.Name, uid);
        worker.Update(pod); // before it starts: a pod already being deleted is only removed, its containers never start
        worker.Start();
        _ = worker.Completion.ContinueWith(_ => _workers.TryRemove(uid, out PodWorker? _), TaskScheduler.Default);
    }

    /// <summary>Stops every pod's containers (SIGTERM, <paramref name="grace"/>, SIGKILL) without touching the API.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        _stopping = true;
        var workers = _workers.Values.ToList();
        if (workers.Count > 0) _logger.LogInformation("stopping the containers of {Count} pods", workers.Count);
        await Task.WhenAll(workers.Select(w => w.ShutdownAsync(grace))).ConfigureAwait(false);
    }
}
