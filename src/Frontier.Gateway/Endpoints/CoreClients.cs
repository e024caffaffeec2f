using k8s;
using k8s.Models;

namespace Frontier.Gateway.Endpoints;

/// <summary>The read-only Pod and Service clients endpoint discovery watches, in one namespace or all (as ModelRoutes are).</summary>
internal static class CoreClients
{
    private const int PageSize = 500;

    public static CoreListWatchClient<V1Pod, V1PodList> Pods(IKubernetes client, string? @namespace) =>
        string.IsNullOrEmpty(@namespace)
            ? new("pods in all namespaces",
                (next, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: ct),
                (rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: timeout, onError: onError, cancellationToken: ct))
            : new($"pods in {@namespace}",
                (next, ct) => client.CoreV1.ListNamespacedPodAsync(@namespace, continueParameter: next, limit: PageSize, cancellationToken: ct),
                (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(@namespace, allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static CoreListWatchClient<V1Service, V1ServiceList> Services(IKubernetes client, string? @namespace) =>
        string.IsNullOrEmpty(@namespace)
            ? new("services in all namespaces",
                (next, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: ct),
                (rv, timeout, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: timeout, onError: onError, cancellationToken: ct))
            : new($"services in {@namespace}",
                (next, ct) => client.CoreV1.ListNamespacedServiceAsync(@namespace, continueParameter: next, limit: PageSize, cancellationToken: ct),
                (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedServiceAsync(@namespace, allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
}
