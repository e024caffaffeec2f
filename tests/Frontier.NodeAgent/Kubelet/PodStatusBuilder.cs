using k8s.Models;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>A pod's status from its containers' statuses, with the kubelet's phase rules.</summary>
internal static class PodStatusBuilder
{
    /// <summary>The status to write.</summary>
    /// <param name="pod">The pod (its restartPolicy).</param>
    /// <param name="previous">The conditions written last (their lastTransitionTime is kept unless they flip).</param>
    /// <param name="sandbox">Its IPs; null before they are set up.</param>
    /// <param name="containers">Each container's status, in spec order.</param>
    /// <param name="terminating">Whether the pod is being stopped: it is then not Ready, so routers stop sending to it.</param>
    /// <param name="startTime">When the agent took the pod on.</param>
    /// <param name="now">The time for conditions that flip now.</param>
    public static V1PodStatus Build(V1Pod pod, IList<V1PodCondition>? previous, PodSandbox? sandbox, IReadOnlyList<V1ContainerStatus> containers, bool terminating, DateTime startTime, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ready = !terminating && containers.Count > 0 && containers.All(c => c.Ready);
        var notReady = containers.Where(c => !c.Ready).Select(c => c.Name).ToList();
        var reason = ready ? null : terminating ? "PodTerminating" : "ContainersNotReady";
        var message = ready ? null : terminating ? "the pod is being deleted" : $"containers with unready status: [{string.Join(' ', notReady)}]";
        previous ??= [];
        return new V1PodStatus
        {
            Phase = Phase(pod.Spec.RestartPolicy, containers),
            HostIP = sandbox?.HostIp,
            PodIP = sandbox?.PodIp,
            PodIPs = sandbox is null ? null : [new V1PodIP { Ip = sandbox.PodIp }],
            StartTime = startTime,
            Conditions =
            [
                Condition(previous, "Initialized", true, null, null, now),
                Condition(previous, "Ready", ready, reason, message, now),
                Condition(previous, "ContainersReady", ready, reason, message, now),
                Condition(previous, "PodScheduled", true, null, null, now),
            ],
            ContainerStatuses = [.. containers],
        };
    }

    /// <summary>The kubelet's getPhase: Pending while a container never ran, Running while one runs or will be
    /// restarted, Succeeded/Failed once all ended for good.</summary>
    public static string Phase(string? restartPolicy, IReadOnlyList<V1ContainerStatus> containers)
    {
        int waiting = 0, running = 0, stopped = 0, succeeded = 0;
        foreach (var c in containers)
        {
            if (c.State?.Running is not null) running++;
            else if (c.State?.Terminated is { } t)
            {
                stopped++;
                if (t.ExitCode == 0) succeeded++;
            }
            else if (c.LastState?.Terminated is not null) stopped++; // waiting to be restarted
            else waiting++;
        }
        if (waiting > 0 || containers.Count == 0) return "Pending";
        if (running > 0) return "Running";
        return restartPolicy switch
        {
            "Never" => stopped == succeeded ? "Succeeded" : "Failed",
            "OnFailure" => stopped == succeeded ? "Succeeded" : "Running",
            _ => "Running",
        };
    }

    // lastTransitionTime moves only when the status flips.
    private static V1PodCondition Condition(IList<V1PodCondition> previous, string type, bool status, string? reason, string? message, DateTime now)
    {
        var text = status ? "True" : "False";
        var before = previous.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            LastTransitionTime = before?.Status == text ? before.LastTransitionTime ?? now : now,
            LastProbeTime = null,
        };
    }
}
