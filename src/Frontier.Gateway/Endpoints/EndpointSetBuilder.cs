using System.Collections.Immutable;
using System.Globalization;
using k8s.Models;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// Pure conversion of a Service and the Pods of its namespace to the Service's <see cref="ServiceEndpoints"/>, as the
/// endpoints controller would, but without writing Endpoints (the test cluster's loopback Pod IPs are not allowed in
/// them). A Pod is an endpoint when the Service's selector matches its labels, it has a podIP, its Ready condition is
/// True and it is not terminating (no deletionTimestamp). Its port for each Service port is the targetPort: a number,
/// or a name looked up among the Pod's container ports (a Pod without that name is left out for that port); no
/// targetPort means the port itself.
/// </summary>
public static class EndpointSetBuilder
{
    /// <summary>The Service's endpoints; null for a Service without a selector (its endpoints are not Pods the gateway can see).</summary>
    public static ServiceEndpoints? Build(V1Service service, IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        var selector = service.Spec?.Selector;
        if (selector is null || selector.Count == 0) return null;
        var ready = pods.Where(p => Selects(selector, p) && IsReady(p)).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        var byPort = new Dictionary<int, ImmutableArray<BackendEndpoint>>();
        foreach (var port in service.Spec!.Ports ?? [])
        {
            if (port is null || port.Port is <= 0 or > 65535) continue;
            var endpoints = ImmutableArray.CreateBuilder<BackendEndpoint>(ready.Count);
            foreach (var pod in ready)
            {
                if (TargetPort(port, pod) is { } target)
                    endpoints.Add(new BackendEndpoint(pod.Metadata.Name, AddressOf(pod.Status.PodIP, target)));
            }
            byPort[port.Port] = endpoints.ToImmutable();
        }
        return new ServiceEndpoints(byPort);
    }

    /// <summary>Whether the Pod can take new requests: a podIP, Ready=True, not terminating.</summary>
    public static bool IsReady(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Metadata?.DeletionTimestamp is null
            && !string.IsNullOrEmpty(pod.Status?.PodIP)
            && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
    }

    private static bool Selects(IDictionary<string, string> selector, V1Pod pod)
    {
        var labels = pod.Metadata?.Labels;
        if (labels is null) return false;
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        return true;
    }

    /// <summary>The Pod's port for a Service port; null when a named targetPort is not among its containers' ports.</summary>
    private static int? TargetPort(V1ServicePort port, V1Pod pod)
    {
        var target = port.TargetPort?.Value;
        if (string.IsNullOrEmpty(target)) return port.Port;
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number is > 0 and <= 65535 ? number : null;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var p in container.Ports ?? [])
            {
                if (p.Name == target && (p.Protocol is null || p.Protocol == "TCP")) return p.ContainerPort;
            }
        }
        return null;
    }

    private static string AddressOf(string ip, int port)
    {
        var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip; // IPv6 in brackets
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}");
    }
}
