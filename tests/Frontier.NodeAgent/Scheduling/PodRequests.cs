using k8s.Models;

namespace Frontier.NodeAgent.Scheduling;

/// <summary>What a pod asks of a node, as the scheduler counts it: per resource, the larger of the containers' summed
/// requests and any one init container's request, plus the pod overhead; and one "pods" slot.</summary>
internal static class PodRequests
{
    /// <summary>The pod's requests by resource name (cpu in cores, memory in bytes, extended resources in units).</summary>
    public static IReadOnlyDictionary<string, decimal> Of(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in pod.Spec.Containers ?? [])
        {
            foreach (var (name, quantity) in container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
                total[name] = total.GetValueOrDefault(name) + quantity.ToDecimal();
        }
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            foreach (var (name, quantity) in init.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
                total[name] = Math.Max(total.GetValueOrDefault(name), quantity.ToDecimal());
        }
        foreach (var (name, quantity) in pod.Spec.Overhead ?? new Dictionary<string, ResourceQuantity>())
            total[name] = total.GetValueOrDefault(name) + quantity.ToDecimal();
        total["pods"] = 1;
        return total;
    }
}
