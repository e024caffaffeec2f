using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Frontier.Runtime;

/// <summary>An <see cref="IResourceClient{T}"/> for a custom resource, over KubernetesClient's CustomObjects API.</summary>
/// <typeparam name="T">The resource class; (de)serialised with <see cref="KubernetesJson"/>.</typeparam>
public sealed class CustomResourceClient<T> : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetes _client;
    private readonly string? _namespace;
    private readonly string? _labelSelector;

    /// <summary>Creates a client for <paramref name="type"/>.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="type">Where the resource is served.</param>
    /// <param name="watchNamespace">Limit list and watch to one namespace; <c>null</c> for all (ignored for cluster-scoped types).</param>
    /// <param name="labelSelector">Optional label selector for list and watch.</param>
    public CustomResourceClient(IKubernetes client, ResourceType type, string? watchNamespace = null, string? labelSelector = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Type = type ?? throw new ArgumentNullException(nameof(type));
        _namespace = type.Namespaced && !string.IsNullOrEmpty(watchNamespace) ? watchNamespace : null;
        _labelSelector = string.IsNullOrEmpty(labelSelector) ? null : labelSelector;
    }

    /// <summary>The resource served.</summary>
    public ResourceType Type { get; }

    /// <summary>Objects per list page (tests make it small).</summary>
    internal int PageSize { get; init; } = 500;

    /// <inheritdoc/>
    public string Description => Type + (_namespace is null ? (Type.Namespaced ? " in all namespaces" : string.Empty) : $" in {_namespace}");

    /// <inheritdoc/>
    public Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken) =>
        ResourceList<T>.ReadAllPagesAsync<KubernetesList<T>>(ListPageAsync, cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // KubernetesClient reports an ERROR event (and an undecodable line) through onError instead of yielding it;
        // the server closes the watch after an ERROR, so the first error is rethrown once the stream ends.
        Exception? error = null;
        void OnError(Exception e) => error ??= e;
        var timeoutSeconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);

        var events = _namespace is not null
            ? _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                Type.Group, Type.Version, _namespace, Type.Plural, allowWatchBookmarks: true, labelSelector: _labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: cancellationToken)
            : Type.Namespaced
                ? _client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                    Type.Group, Type.Version, Type.Plural, allowWatchBookmarks: true, labelSelector: _labelSelector,
                    resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: cancellationToken)
                : _client.CustomObjects.WatchListClusterCustomObjectAsync(
                    Type.Group, Type.Version, Type.Plural, allowWatchBookmarks: true, labelSelector: _labelSelector,
                    resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: cancellationToken);

        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (error is null && await WatchStreams.MoveNextOrEndAsync(enumerator).ConfigureAwait(false))
            {
                var (type, obj) = enumerator.Current;
                if (error is not null)
                {
                    break;
                }

                yield return (type, Convert(obj));
            }
        }

        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <inheritdoc/>
    public async Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = Type.Namespaced
                ? await _client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    Type.Group, Type.Version, RequireNamespace(key), Type.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await _client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<T>(
                    Type.Group, Type.Version, Type.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            using (response)
            {
                return response.Body;
            }
        }
        catch (Exception e) when (KubeErrors.IsNotFound(e))
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<T> PatchStatusAsync(ObjectKey key, string mergePatchJson, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(mergePatchJson, V1Patch.PatchType.MergePatch);
        var response = Type.Namespaced
            ? await _client.CustomObjects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(
                patch, Type.Group, Type.Version, RequireNamespace(key), Type.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _client.CustomObjects.PatchClusterCustomObjectStatusWithHttpMessagesAsync<T>(
                patch, Type.Group, Type.Version, Type.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        using (response)
        {
            return response.Body;
        }
    }

    /// <summary>Describes the client.</summary>
    public override string ToString() => Description;

    private async Task<KubernetesList<T>> ListPageAsync(string? continueToken, CancellationToken cancellationToken)
    {
        var response = _namespace is not null
            ? await _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                Type.Group, Type.Version, _namespace, Type.Plural, continueParameter: continueToken, labelSelector: _labelSelector,
                limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false)
            : Type.Namespaced
                ? await _client.CustomObjects.ListCustomObjectForAllNamespacesWithHttpMessagesAsync<KubernetesList<T>>(
                    Type.Group, Type.Version, Type.Plural, continueParameter: continueToken, labelSelector: _labelSelector,
                    limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    Type.Group, Type.Version, Type.Plural, continueParameter: continueToken, labelSelector: _labelSelector,
                    limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
        using (response)
        {
            return response.Body;
        }
    }

    private string RequireNamespace(ObjectKey key) =>
        key.Namespace ?? throw new ArgumentException($"{Type} is namespaced; the key '{key}' has no namespace.", nameof(key));

    private static T Convert(object obj) => obj switch
    {
        T typed => typed,
        JsonElement element => KubernetesJson.Deserialize<T>(element),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj)),
    };
}
