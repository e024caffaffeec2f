using System.Collections.Concurrent;
using System.Net;
using Frontier.NodeAgent.Node;
using Frontier.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent.Scheduling;

/// <summary>
/// The scheduler for this one node: binds each pending pod (of the default scheduler, oldest first, higher priority
/// first) that <see cref="NodeFit"/> says fits; a pod that does not fit stays Pending with a FailedScheduling event
/// and a PodScheduled=False condition saying why, as kube-scheduler reports it, and is tried again whenever pods come
/// or go, and every few seconds.
/// </summary>
internal sealed class PodScheduler(
    IKubernetes client,
    NodeHeartbeat node,
    Informer<V1Pod> pending,
    Informer<V1Pod> onNode,
    EventRecorder events,
    string nodeName,
    ILogger logger)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReportAgain = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<string, (V1Pod Pod, DateTime At)> _assumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Message, DateTime At)> _reported = new(StringComparer.Ordinal);

    /// <summary>Schedules until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        pending.Changed += (_, _) => Wake();
        onNode.Changed += (_, _) => Wake();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Retry, cancellationToken).ConfigureAwait(false);
                await ScheduleOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException)
            {
                logger.LogWarning("scheduling pass failed ({Error}); retrying", e.Message);
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount > 0) return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>One pass over the pending pods.</summary>
    private async Task ScheduleOnceAsync(CancellationToken cancellationToken)
    {
        var queue = pending.List()
            .Where(p => p.Spec.NodeName is null or "" && p.Metadata.DeletionTimestamp is null)
            .Where(p => p.Spec.SchedulerName is null or "" or "default-scheduler")
            .Where(p => !_assumed.ContainsKey(p.Metadata.Uid))
            .OrderByDescending(p => p.Spec.Priority ?? 0)
            .ThenBy(p => p.Metadata.CreationTimestamp)
            .ToList();
        ForgetBound();
        if (queue.Count == 0) return;
        var current = await node.ReadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pod in queue)
        {
            var holding = onNode.List().Where(p => p.Status?.Phase is not ("Succeeded" or "Failed")).Concat(_assumed.Values.Select(a => a.Pod));
            var reasons = NodeFit.Check(pod, current, holding);
            if (reasons.Count == 0) await BindAsync(pod, cancellationToken).ConfigureAwait(false);
            else await ReportUnschedulableAsync(pod, NodeFit.Message(reasons), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BindAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var (ns, name) = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        try
        {
            await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
            }, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return; // bound or deleted meanwhile
        }
        _assumed[pod.Metadata.Uid] = (pod, DateTime.UtcNow); // its requests count until the node's informer has it
        lock (_reported) _reported.Remove(pod.Metadata.Uid);
        logger.LogInformation("bound {Namespace}/{Name} to {Node}", ns, name, nodeName);
        await events.NormalAsync(pod, "Scheduled", $"Successfully assigned {ns}/{name} to {nodeName}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A FailedScheduling event and PodScheduled=False, when the reason is new or a minute old.</summary>
    private async Task ReportUnschedulableAsync(V1Pod pod, string message, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        lock (_reported)
        {
            if (_reported.TryGetValue(pod.Metadata.Uid, out var last) && last.Message == message && now - last.At < ReportAgain) return;
            _reported[pod.Metadata.Uid] = (message, now);
        }
        logger.LogInformation("{Namespace}/{Name} does not fit: {Message}", pod.Metadata.NamespaceProperty, pod.Metadata.Name, message);
        await events.WarningAsync(pod, "FailedScheduling", message, cancellationToken).ConfigureAwait(false);
        var condition = new { type = "PodScheduled", status = "False", reason = "Unschedulable", message, lastTransitionTime = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) };
        try
        {
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(KubernetesJson.Serialize(new { status = new { conditions = new[] { condition } } }), V1Patch.PatchType.MergePatch),
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    // An assumed pod is dropped once the node's informer shows it (or after a minute, if it vanished).
    private void ForgetBound()
    {
        foreach (var (uid, (pod, at)) in _assumed)
        {
            var seen = onNode.Get(ObjectKey.Of(pod)) is { } bound && bound.Metadata.Uid == uid;
            if (seen || DateTime.UtcNow - at > ReportAgain) _assumed.TryRemove(uid, out _);
        }
        lock (_reported)
        {
            foreach (var uid in _reported.Keys.Where(uid => !pending.List().Any(p => p.Metadata.Uid == uid)).ToList()) _reported.Remove(uid);
        }
    }
}
