using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Frontier.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.NodeAgent;

/// <summary>Pods in every namespace that match a field selector, for an <see cref="Informer{T}"/>: those bound to this
/// node (<c>spec.nodeName=NODE</c>) for the kubelet part, the unbound ones for the scheduler.</summary>
internal sealed class PodClient(IKubernetes client, string fieldSelector) : IResourceClient<V1Pod>
{
    /// <inheritdoc />
    public string Description => $"pods ({fieldSelector})";

    /// <inheritdoc />
    public async Task<ResourceList<V1Pod>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<V1Pod>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: continueToken, fieldSelector: fieldSelector, limit: 500,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items.Select(Typed));
            resourceVersion = page.Metadata.ResourceVersion;
            continueToken = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));
        return new ResourceList<V1Pod>(items, resourceVersion);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<(WatchEventType Type, V1Pod Object)> WatchAsync(string resourceVersion, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // As CustomResourceClient: an ERROR event arrives through onError; the server then closes the watch; a quiet watch's
        // empty end is a normal end.
        Exception? error = null;
        var events = client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: fieldSelector,
            resourceVersion: resourceVersion, timeoutSeconds: (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue),
            onError: e => error ??= e, cancellationToken: cancellationToken);
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (error is null && await WatchStreams.MoveNextOrEndAsync(enumerator).ConfigureAwait(false))
            {
                if (error is not null) break;
                yield return (enumerator.Current.Item1, Typed(enumerator.Current.Item2));
            }
        }
        if (error is not null) ExceptionDispatchInfo.Throw(error);
    }

    /// <inheritdoc />
    public async Task<V1Pod?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            return Typed(await client.CoreV1.ReadNamespacedPodAsync(key.Name, key.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<V1Pod> PatchStatusAsync(ObjectKey key, string mergePatchJson, CancellationToken cancellationToken) =>
        Typed(await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(mergePatchJson, V1Patch.PatchType.MergePatch), key.Name, key.Namespace,
            cancellationToken: cancellationToken).ConfigureAwait(false));

    // Items of a list carry no kind/apiVersion; Events about the pod need them.
    private static V1Pod Typed(V1Pod pod)
    {
        pod.Kind ??= V1Pod.KubeKind;
        pod.ApiVersion ??= V1Pod.KubeApiVersion;
        return pod;
    }
}
