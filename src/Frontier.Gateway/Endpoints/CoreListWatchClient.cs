using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Frontier.Runtime;
using k8s;
using k8s.Models;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// A read-only <see cref="IResourceClient{T}"/> for a core/v1 type (Pods, Services) in one namespace or all, for an
/// <see cref="Informer{T}"/>: the list and watch calls are passed in, as KubernetesClient has a method per type and scope.
/// The gateway only reads: <see cref="GetAsync"/> and <see cref="PatchStatusAsync"/> are not supported.
/// </summary>
internal sealed class CoreListWatchClient<T, TList>(
    string description,
    Func<string?, CancellationToken, Task<TList>> listPage,
    Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IMetadata<V1ListMeta>
{
    /// <inheritdoc />
    public string Description => description;

    /// <inheritdoc />
    public Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken) =>
        ResourceList<T>.ReadAllPagesAsync(listPage, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // As CustomResourceClient: an ERROR event arrives through onError and the server then closes the watch.
        Exception? error = null;
        var events = watch(resourceVersion, (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue), e => error ??= e, cancellationToken);
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (error is null && await WatchStreams.MoveNextOrEndAsync(enumerator).ConfigureAwait(false))
            {
                if (error is not null) break;
                yield return enumerator.Current;
            }
        }
        if (error is not null) ExceptionDispatchInfo.Throw(error);
    }

    /// <inheritdoc />
    public Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken) => throw new NotSupportedException($"{description}: read-only");

    /// <inheritdoc />
    public Task<T> PatchStatusAsync(ObjectKey key, string mergePatchJson, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{description}: read-only");
}
