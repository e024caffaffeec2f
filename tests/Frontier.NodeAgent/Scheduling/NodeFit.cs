using k8s.Models;

namespace Frontier.NodeAgent.Scheduling;

/// <summary>
/// Whether a pod fits the node, with the default scheduler's filters that matter on a one-node test cluster:
/// unschedulable, nodeSelector, taints against tolerations (NoSchedule, NoExecute), and resources (requests against
/// allocatable minus what the node's pods already request, for every resource the pod asks for, nvidia.com/gpu
/// included). Node affinity, pod (anti-)affinity, topology spread and host ports are not checked.
/// </summary>
internal static class NodeFit
{
    /// <summary>The reasons the pod does not fit, in the scheduler's words ("Insufficient nvidia.com/gpu"); empty when it fits.</summary>
    /// <param name="pod">The pod to place.</param>
    /// <param name="node">The node.</param>
    /// <param name="podsOnNode">Pods bound to the node that still hold their resources (not Succeeded or Failed).</param>
    public static IReadOnlyList<string> Check(V1Pod pod, V1Node node, IEnumerable<V1Pod> podsOnNode)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        var reasons = new List<string>();
        if (node.Spec?.Unschedulable == true && !Tolerates(pod, new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" }))
            reasons.Add("node(s) were unschedulable");
        if (pod.Spec.NodeSelector is { Count: > 0 } selector
            && selector.Any(s => node.Metadata.Labels?.TryGetValue(s.Key, out var v) != true || v != s.Value))
            reasons.Add("node(s) didn't match node selector");
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerates(pod, taint))
                reasons.Add($"node(s) had taint {{{taint.Key}: {taint.Value}}}, that the pod didn't tolerate");
        }
        var allocatable = node.Status?.Allocatable ?? new Dictionary<string, ResourceQuantity>();
        var used = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var other in podsOnNode)
        {
            foreach (var (name, amount) in PodRequests.Of(other)) used[name] = used.GetValueOrDefault(name) + amount;
        }
        foreach (var (name, wanted) in PodRequests.Of(pod).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (wanted <= 0) continue;
            var free = (allocatable.TryGetValue(name, out var q) ? q.ToDecimal() : 0) - used.GetValueOrDefault(name);
            if (wanted > free) reasons.Add(name == "pods" ? "Too many pods" : $"Insufficient {name}");
        }
        return reasons;
    }

    /// <summary>The FailedScheduling message for a one-node cluster: "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient nvidia.com/gpu."</summary>
    public static string Message(IReadOnlyList<string> reasons) =>
        $"0/1 nodes are available: {string.Join(", ", reasons.Order(StringComparer.Ordinal).Select(r => "1 " + r))}.";

    /// <summary>The scheduler's toleration match: same key (or an empty key with Exists), Equal with the same value, and the same effect (or none).</summary>
    public static bool Tolerates(V1Pod pod, V1Taint taint) =>
        (pod.Spec.Tolerations ?? []).Any(t =>
            (string.IsNullOrEmpty(t.Effect) || t.Effect == taint.Effect)
            && (string.IsNullOrEmpty(t.Key) ? t.OperatorProperty == "Exists" : t.Key == taint.Key)
            && (t.OperatorProperty == "Exists" || (t.Value ?? string.Empty) == (taint.Value ?? string.Empty)));
}
