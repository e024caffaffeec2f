using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Runtime;

/// <summary>
/// Connects informers to a level-based <see cref="IReconciler"/> through a <see cref="WorkQueue{TKey}"/>: a change
/// of a primary object queues its key, a change of a watched secondary object queues the primary keys it maps to
/// (by default only changes that move <c>metadata.generation</c>: see <see cref="ControllerOptions.SkipUnchangedGeneration"/>),
/// and workers reconcile keys (failures are retried with per-key backoff; <see cref="ReconcileResult.RequeueAfter"/>
/// schedules another pass). The informers are run by the caller, so they can be shared between controllers.
/// </summary>
public sealed class Controller
{
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly ILogger _logger;
    private readonly List<Func<CancellationToken, Task>> _syncWaits = [];
    private readonly List<Func<IDisposable>> _subscriptions = [];
    private Func<IEnumerable<ObjectKey>> _primaryKeys = () => [];
    private int _running;

    /// <summary>Creates a controller; declare its informers with <see cref="For{T}"/> and <see cref="Watch{TOther}"/>.</summary>
    /// <param name="name">Name for logs and metrics.</param>
    /// <param name="reconciler">Reconciles one key at a time.</param>
    /// <param name="logger">Logs failures and lifecycle.</param>
    /// <param name="options">Workers, shutdown deadline, metrics; defaults when <c>null</c>.</param>
    public Controller(string name, IReconciler reconciler, ILogger? logger = null, ControllerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? new ControllerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Workers, 1, nameof(options));
        Queue = new WorkQueue<ObjectKey>(_options.TimeProvider);
    }

    /// <summary>The controller's name.</summary>
    public string Name { get; }

    /// <summary>The queue of keys to reconcile; other code may add keys to it too.</summary>
    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Sets the primary informer: every change of one of its objects queues that object's key.</summary>
    /// <typeparam name="T">The primary resource type.</typeparam>
    /// <param name="primary">The primary informer.</param>
    /// <returns>This controller.</returns>
    public Controller For<T>(Informer<T> primary)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(primary);
        _primaryKeys = () => primary.List().Select(ObjectKey.Of);
        return Watch(primary, static obj => [ObjectKey.Of(obj)]);
    }

    /// <summary>Watches a secondary informer: every change of one of its objects queues the primary keys <paramref name="map"/> returns.</summary>
    /// <typeparam name="TOther">The secondary resource type.</typeparam>
    /// <param name="informer">The secondary informer.</param>
    /// <param name="map">The primary keys affected by a change of an object (for a delete, its last known state).</param>
    /// <returns>This controller.</returns>
    public Controller Watch<TOther>(Informer<TOther> informer, Func<TOther, IEnumerable<ObjectKey>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(map);
        if (Volatile.Read(ref _running) != 0)
        {
            throw new InvalidOperationException("Declare informers before RunAsync.");
        }

        _syncWaits.Add(informer.WaitForSyncAsync);
        _subscriptions.Add(() =>
        {
            var generations = new System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, long>();
            void OnChanged(WatchEventType type, TOther obj)
            {
                if (_options.SkipUnchangedGeneration && !GenerationChanged(generations, type, obj)) return;
                foreach (var key in map(obj))
                {
                    Queue.Add(key);
                }
            }

            informer.Changed += OnChanged;
            foreach (var cached in informer.List())
            {
                // Objects listed before this subscription: their first update is compared with what was listed.
                if (cached.Metadata?.Generation is { } g) generations.TryAdd(ObjectKey.Of(cached), g);
            }

            return new Unsubscriber(() => informer.Changed -= OnChanged);
        });
        return this;
    }

    /// <summary>Whether a change should queue keys: creations, deletions, objects without a generation, and updates
    /// that moved the generation (a spec change). Remembers the last generation seen per object.</summary>
    private static bool GenerationChanged<TOther>(System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, long> seen, WatchEventType type, TOther obj)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = ObjectKey.Of(obj);
        if (type == WatchEventType.Deleted)
        {
            seen.TryRemove(key, out _);
            return true;
        }

        if (obj.Metadata?.Generation is not { } generation)
        {
            return true;
        }

        var known = seen.TryGetValue(key, out var previous);
        seen[key] = generation;
        return type == WatchEventType.Added || !known || previous != generation;
    }

    /// <summary>
    /// Waits for the informers to sync, queues every primary key, and reconciles with the configured number of workers
    /// until <paramref name="cancellationToken"/> is cancelled. Reconciles get that same token, so stopping cancels the
    /// ones in flight at once (a leader that lost its Lease must not write any more); the controller then stops taking
    /// keys and waits up to <see cref="ControllerOptions.ShutdownTimeout"/> for them to return. Call once.
    /// </summary>
    /// <param name="cancellationToken">Stops the controller and cancels its reconciles.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"Controller {Name} has already been run.");
        }

        var subscriptions = _subscriptions.Select(subscribe => subscribe()).ToList();
        var workers = new List<Task>();
        try
        {
            await Task.WhenAll(_syncWaits.Select(wait => wait(cancellationToken))).ConfigureAwait(false);
            foreach (var key in _primaryKeys())
            {
                Queue.Add(key);
            }

            _logger.LogInformation("Controller {Controller}: informers synced; starting {Workers} workers", Name, _options.Workers);
            for (var i = 0; i < _options.Workers; i++)
            {
                workers.Add(Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
            }

            await ResyncUntilCancelledAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Queue.ShutDown();
            subscriptions.ForEach(s => s.Dispose());
            await StopWorkersAsync(workers).ConfigureAwait(false);
        }
    }

    private async Task ResyncUntilCancelledAsync(CancellationToken cancellationToken)
    {
        var period = _options.ResyncPeriod is { } p && p > TimeSpan.Zero ? p : Timeout.InfiniteTimeSpan;
        while (true)
        {
            await Task.Delay(period, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            foreach (var key in _primaryKeys())
            {
                Queue.Add(key);
            }
        }
    }

    /// <summary>Waits for the workers, whose reconciles were cancelled, to return; abandons them after the shutdown timeout.</summary>
    private async Task StopWorkersAsync(List<Task> workers)
    {
        if (!await CompletesWithinAsync(Task.WhenAll(workers), _options.ShutdownTimeout).ConfigureAwait(false))
        {
            _logger.LogError(
                "Controller {Controller}: reconciles ignored cancellation for {Timeout}; abandoning them", Name, _options.ShutdownTimeout);
            return;
        }

        _logger.LogInformation("Controller {Controller}: stopped", Name);
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource();
        var delay = Task.Delay(timeout, _options.TimeProvider, cts.Token);
        var first = await Task.WhenAny(task, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        return first == task;
    }

    private async Task WorkAsync(CancellationToken reconcileToken)
    {
        while (true)
        {
            var (key, ok) = await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            if (reconcileToken.IsCancellationRequested)
            {
                Queue.Done(key); // stopping: the queue shuts down next; start nothing new
                continue;
            }

            try
            {
                await ReconcileAsync(key, reconcileToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken reconcileToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        _options.Metrics.ReconcileStarted(Name);
        try
        {
            var result = await _reconciler.ReconcileAsync(key, reconcileToken).ConfigureAwait(false);
            _options.Metrics.ReconcileSucceeded(Name, _options.TimeProvider.GetElapsedTime(started));
            Queue.Forget(key);
            if (result?.RequeueAfter is { } delay)
            {
                Queue.AddAfter(key, delay);
            }
        }
        catch (Exception e)
        {
            _options.Metrics.ReconcileFailed(Name, _options.TimeProvider.GetElapsedTime(started), e);
            if (reconcileToken.IsCancellationRequested)
            {
                _logger.LogInformation("Controller {Controller}: reconcile of {Key} cancelled: the controller is stopping", Name, key);
                return;
            }

            Queue.AddRateLimited(key);
            _logger.LogError(e, "Controller {Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff", Name, key, Queue.Requeues(key));
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
