using k8s;
using k8s.Models;

namespace Frontier.Runtime;

/// <summary>The few API calls a controller needs for one resource type, scoped to a namespace or the whole cluster.</summary>
/// <typeparam name="T">The resource type.</typeparam>
public interface IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A short description for logs, e.g. "gpuprofiles.frontier.dev/v1alpha1 in all namespaces".</summary>
    string Description { get; }

    /// <summary>Lists every object (following continue tokens) and returns the list's resourceVersion.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks allowed. The sequence ends when the server closes the watch
    /// (normally once <paramref name="timeout"/> has passed). An ERROR event is thrown as a <see cref="KubernetesException"/>
    /// carrying its status (410 means the version is too old: relist).
    /// </summary>
    /// <param name="resourceVersion">The resourceVersion to watch from (from a list, a previous event or a bookmark).</param>
    /// <param name="timeout">Asks the server to end the watch after this long (timeoutSeconds, at least 1 s).</param>
    /// <param name="cancellationToken">Stops the watch.</param>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Reads one object; <c>null</c> when it does not exist.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Applies a JSON merge patch to the object's /status subresource and returns the updated object.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="mergePatchJson">The merge patch, e.g. <c>{"status":{...}}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="k8s.Autorest.HttpOperationException">The server refused the patch (404 when the object is gone, 409 on conflict, ...).</exception>
    Task<T> PatchStatusAsync(ObjectKey key, string mergePatchJson, CancellationToken cancellationToken);
}
