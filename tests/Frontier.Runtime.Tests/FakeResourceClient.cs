using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace Frontier.Runtime.Tests;

/// <summary>An in-memory <see cref="IResourceClient{T}"/>: lists return <see cref="Items"/>; each watch is a session the test feeds.</summary>
public sealed class FakeResourceClient<T> : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Channel<WatchSession> _sessions = Channel.CreateUnbounded<WatchSession>();
    private int _lists;

    public List<T> Items { get; } = [];

    public string ListResourceVersion { get; set; } = "100";

    /// <summary>Thrown by the next list calls while set.</summary>
    public Exception? ListError { get; set; }

    public int Lists => Volatile.Read(ref _lists);

    public Func<ObjectKey, string, T>? OnPatchStatus { get; set; }

    public string Description => "fake " + typeof(T).Name;

    public Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        if (ListError is { } error)
        {
            throw error;
        }

        lock (Items)
        {
            return Task.FromResult(new ResourceList<T>([.. Items], ListResourceVersion));
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = new WatchSession(resourceVersion, timeout);
        _sessions.Writer.TryWrite(session);
        await foreach (var item in session.Events.Reader.ReadAllAsync(cancellationToken))
        {
            if (item is Exception e)
            {
                throw e;
            }

            yield return ((WatchEventType, T))item;
        }
    }

    public Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        lock (Items)
        {
            return Task.FromResult(Items.FirstOrDefault(i => ObjectKey.Of(i) == key));
        }
    }

    public Task<T> PatchStatusAsync(ObjectKey key, string mergePatchJson, CancellationToken cancellationToken) =>
        Task.FromResult((OnPatchStatus ?? throw new NotSupportedException())(key, mergePatchJson));

    /// <summary>The next watch the informer opens.</summary>
    public async Task<WatchSession> NextWatchAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _sessions.Reader.ReadAsync(cts.Token);
    }

    public bool TryNextWatch(out WatchSession? session) => _sessions.Reader.TryRead(out session);

    public sealed class WatchSession(string resourceVersion, TimeSpan timeout)
    {
        public string ResourceVersion { get; } = resourceVersion;

        /// <summary>How long the informer asked the server to keep this watch open.</summary>
        public TimeSpan Timeout { get; } = timeout;

        internal Channel<object> Events { get; } = Channel.CreateUnbounded<object>();

        public void Send(WatchEventType type, T obj) => Events.Writer.TryWrite((type, obj));

        public void Fail(Exception error) => Events.Writer.TryWrite(error);

        public void Close() => Events.Writer.TryComplete();
    }
}
