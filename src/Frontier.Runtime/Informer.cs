using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Runtime;

/// <summary>
/// Keeps an up-to-date, thread-safe cache of one resource type: lists, then watches from the list's resourceVersion.
/// A 410 Gone (too old resourceVersion) or an error status from the server causes a relist, whose differences from
/// the cache are raised as Added/Modified/Deleted. Each watch asks the server to end it after about
/// <see cref="InformerOptions.WatchTimeout"/>; a watch that ends so, or stays silent for twice that long, is resumed
/// at once from the last resourceVersion seen: a quiet cluster is not a failure. Errors (and a watch the server closes
/// at once with nothing in it) back off exponentially with jitter. Cached (and raised) objects carry no
/// metadata.managedFields and no kubectl last-applied-configuration annotation: nothing reads them from a cache, and
/// they are much of an object's size (about half of a planned ModelRoute's JSON).
/// </summary>
/// <typeparam name="T">The resource type.</typeparam>
public sealed class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IResourceClient<T> _client;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    /// <summary>A watch the server ends sooner than this with nothing in it counts as a failure (as in client-go).</summary>
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly object _lock = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<ObjectKey, T> _cache = [];
    private string? _resourceVersion;
    private int _running;

    /// <summary>Creates an informer; call <see cref="RunAsync"/> to start it.</summary>
    /// <param name="client">Lists and watches the resource.</param>
    /// <param name="logger">Logs relists and reconnects (Information) and events (Debug).</param>
    /// <param name="options">Timeouts and backoff; defaults when <c>null</c>.</param>
    public Informer(IResourceClient<T> client, ILogger? logger = null, InformerOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? new InformerOptions();
    }

    /// <summary>
    /// Raised after the cache changed, on the informer's loop (handlers should be quick, e.g. enqueue a key).
    /// For Deleted, the object is its last known state. Exceptions from handlers are logged and swallowed.
    /// </summary>
    public event Action<WatchEventType, T>? Changed;

    /// <summary>Whether the first list has completed and its objects were raised as Added.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>What is being watched, for logs.</summary>
    public string Description => _client.Description;

    /// <summary>The cached object with key <paramref name="key"/>, or <c>null</c>.</summary>
    /// <param name="key">The object's key.</param>
    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _cache.GetValueOrDefault(key);
        }
    }

    /// <summary>A snapshot of every cached object.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _cache.Values];
        }
    }

    /// <summary>Completes once <see cref="HasSynced"/> is true.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled, then completes. Call once.</summary>
    /// <param name="cancellationToken">Stops the informer.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"The informer for {Description} is already running.");
        }

        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _resourceVersion ??= await RelistAsync(cancellationToken).ConfigureAwait(false);
                if (await WatchAsync(_resourceVersion, cancellationToken).ConfigureAwait(false) == WatchEnd.RanItsCourse)
                {
                    backoff.Reset(); // the server was there all along: resume at once, whatever went before
                    continue;
                }

                var delay = backoff.Next();
                _logger.LogWarning(
                    "{Resource}: the server closed the watch at once with nothing in it; retrying in {Delay:0.0} s", Description, delay.TotalSeconds);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (KubeErrors.IsGone(e))
            {
                _logger.LogInformation("{Resource}: resourceVersion {ResourceVersion} is gone (410); relisting", Description, _resourceVersion);
                _resourceVersion = null;
            }
            catch (Exception e)
            {
                var delay = backoff.Next();
                var what = _resourceVersion is null ? "list" : "watch";
                if (KubeErrors.IsApiError(e))
                {
                    _resourceVersion = null; // the server refused the request itself: start again from a fresh list
                }

                // Lost connections and refusals are expected (apiserver restarts, network blips): one line, no stack trace.
                if (e is HttpRequestException or IOException or TimeoutException || KubeErrors.IsApiError(e))
                    _logger.LogWarning("{Resource}: {Operation} failed ({Error}); retrying in {Delay:0.0} s", Description, what, e.GetBaseException().Message, delay.TotalSeconds);
                else
                    _logger.LogWarning(e, "{Resource}: {Operation} failed; retrying in {Delay:0.0} s", Description, what, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Lists, replaces the cache, raises the differences and returns the list's resourceVersion.</summary>
    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("{Resource}: listing", Description);
        var list = await _client.ListAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<(WatchEventType Type, T Object)>();
        lock (_lock)
        {
            var fresh = new Dictionary<ObjectKey, T>(list.Items.Count);
            foreach (var item in list.Items)
            {
                Trim(item);
                var key = ObjectKey.Of(item);
                fresh[key] = item;
                if (!_cache.TryGetValue(key, out var old))
                {
                    changes.Add((WatchEventType.Added, item));
                }
                else if (old.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
                {
                    changes.Add((WatchEventType.Modified, item));
                }
            }

            foreach (var (key, old) in _cache)
            {
                if (!fresh.ContainsKey(key))
                {
                    changes.Add((WatchEventType.Deleted, old));
                }
            }

            _cache = fresh;
        }

        foreach (var (type, obj) in changes)
        {
            Raise(type, obj);
        }

        _logger.LogInformation(
            "{Resource}: listed {Count} objects at resourceVersion {ResourceVersion} ({Changes} changes)",
            Description, list.Items.Count, list.ResourceVersion, changes.Count);
        _synced.TrySetResult();
        return list.ResourceVersion;
    }

    /// <summary>
    /// Watches once from <paramref name="resourceVersion"/>, asking the server to end the watch after
    /// <see cref="InformerOptions.WatchTimeout"/> (plus up to a quarter of it, so that many clients do not reconnect in
    /// step), and giving up on it after twice that long without an event. Errors are thrown.
    /// </summary>
    private async Task<WatchEnd> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var serverTimeout = _options.WatchTimeout * (1 + (0.25 * Random.Shared.NextDouble()));
        var silenceLimit = 2 * _options.WatchTimeout;
        using var silence = new CancellationTokenSource(silenceLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var started = time.GetTimestamp();
        var received = false;
        _logger.LogDebug("{Resource}: watching from resourceVersion {ResourceVersion}", Description, resourceVersion);
        try
        {
            await foreach (var (type, obj) in _client.WatchAsync(resourceVersion, serverTimeout, linked.Token).ConfigureAwait(false))
            {
                silence.CancelAfter(silenceLimit);
                received = true;
                Apply(type, obj);
                if (obj.Metadata?.ResourceVersion is { Length: > 0 } version)
                {
                    _resourceVersion = version;
                }
            }
        }
        catch (Exception) when (silence.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Silent for longer than the server was asked to keep the watch open: the connection is likely dead.
            _logger.LogInformation(
                "{Resource}: watch silent for {Timeout}; reconnecting from resourceVersion {ResourceVersion}",
                Description, silenceLimit, _resourceVersion);
            return WatchEnd.RanItsCourse;
        }

        if (!received && time.GetElapsedTime(started) < ShortWatch)
        {
            return WatchEnd.ClosedAtOnce;
        }

        _logger.LogDebug("{Resource}: watch ended by the server; resuming from resourceVersion {ResourceVersion}", Description, _resourceVersion);
        return WatchEnd.RanItsCourse;
    }

    /// <summary>Drops what the cache never needs: the server's field-ownership records and kubectl's copy of the spec.</summary>
    private static void Trim(T obj)
    {
        if (obj.Metadata is not { } metadata)
        {
            return;
        }

        metadata.ManagedFields = null;
        metadata.Annotations?.Remove(LastAppliedAnnotation);
    }

    private void Apply(WatchEventType type, T obj)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                Trim(obj);
                var key = ObjectKey.Of(obj);
                T? old;
                lock (_lock)
                {
                    old = _cache.GetValueOrDefault(key);
                    if (old is not null && old.Metadata?.ResourceVersion == obj.Metadata?.ResourceVersion)
                    {
                        return; // already seen (e.g. replayed after a reconnect)
                    }

                    _cache[key] = obj;
                }

                Raise(old is null ? WatchEventType.Added : WatchEventType.Modified, obj);
                break;

            case WatchEventType.Deleted:
                lock (_lock)
                {
                    _cache.Remove(ObjectKey.Of(obj));
                }

                Raise(WatchEventType.Deleted, obj);
                break;

            default:
                _logger.LogDebug("{Resource}: {Type} at resourceVersion {ResourceVersion}", Description, type, obj.Metadata?.ResourceVersion);
                break;
        }
    }

    private void Raise(WatchEventType type, T obj)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug(
                "{Resource}: {Type} {Key} at resourceVersion {ResourceVersion}",
                Description, type, ObjectKey.Of(obj), obj.Metadata?.ResourceVersion);
        }

        if (Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<WatchEventType, T>>())
        {
            try
            {
                handler(type, obj);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "{Resource}: a Changed handler threw for {Type} {Key}", Description, type, ObjectKey.Of(obj));
            }
        }
    }

    /// <summary>How a watch ended without an error.</summary>
    private enum WatchEnd
    {
        /// <summary>The server ended it after its timeout (or it went silent): not a failure.</summary>
        RanItsCourse,

        /// <summary>The server closed it at once with nothing in it: back off, as after an error.</summary>
        ClosedAtOnce,
    }
}
