namespace Frontier.Runtime;

/// <summary>
/// A work queue of keys, in the manner of client-go's: a key is queued at most once however often it is added,
/// is never handed to two workers at once, and a key added while it is being processed is handed out again after
/// <see cref="Done"/>. Supports delayed adds and per-key exponential backoff.
/// </summary>
/// <typeparam name="TKey">The key type, e.g. <see cref="ObjectKey"/>.</typeparam>
public sealed class WorkQueue<TKey>
    where TKey : notnull
{
    private readonly object _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    /// <summary>Creates a queue.</summary>
    /// <param name="timeProvider">Clock for delayed adds; the system clock by default.</param>
    /// <param name="baseDelay">First backoff of <see cref="AddRateLimited"/>; 5 ms by default.</param>
    /// <param name="maxDelay">Largest backoff of <see cref="AddRateLimited"/>; 5 minutes by default.</param>
    public WorkQueue(TimeProvider? timeProvider = null, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5);
        _maxDelay = maxDelay ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>Keys waiting to be handed out (not counting delayed ones or those being processed).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Whether <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>Queues <paramref name="key"/> unless it is already queued; ignored after <see cref="ShutDown"/>.</summary>
    /// <param name="key">The key.</param>
    public void Add(TKey key)
    {
        lock (_lock)
        {
            if (IsShuttingDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                return; // already queued, or will be requeued by Done
            }

            _queue.Enqueue(key);
        }

        _available.Release();
    }

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/>; if it is already waiting, the earlier time wins.</summary>
    /// <param name="key">The key.</param>
    /// <param name="delay">How long to wait; zero or less adds now.</param>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (IsShuttingDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => Fire(key), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer);
        }
    }

    /// <summary>Queues <paramref name="key"/> after its backoff (5 ms, doubling per call up to 5 min) until <see cref="Forget"/>.</summary>
    /// <param name="key">The key.</param>
    public void AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = BackoffFor(failures);
        }

        AddAfter(key, delay);
    }

    /// <summary>Resets the backoff of <paramref name="key"/> (call after it was processed successfully).</summary>
    /// <param name="key">The key.</param>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>How many times <paramref name="key"/> was rate-limited since the last <see cref="Forget"/>.</summary>
    /// <param name="key">The key.</param>
    public int Requeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for the next key and marks it as being processed; the caller must call <see cref="Done"/> with it.
    /// Returns <c>Ok = false</c> once the queue is shut down (keys still queued are not handed out).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
    public async ValueTask<(TKey Key, bool Ok)> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!IsShuttingDown)
        {
            try
            {
                if (cancellationToken.CanBeCanceled)
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
                    await _available.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                else
                {
                    await _available.WaitAsync(_shutdown.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // shut down while waiting
            }
        }

        lock (_lock)
        {
            if (IsShuttingDown || _queue.Count == 0)
            {
                return (default!, false);
            }

            var key = _queue.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            return (key, true);
        }
    }

    /// <summary>Marks <paramref name="key"/> as processed; if it was added meanwhile, it is queued again.</summary>
    /// <param name="key">A key returned by <see cref="GetAsync"/>.</param>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            if (!_processing.Remove(key) || !_dirty.Contains(key) || IsShuttingDown)
            {
                return;
            }

            _queue.Enqueue(key);
        }

        _available.Release();
    }

    /// <summary>Stops handing out keys: waiting and future <see cref="GetAsync"/> calls return <c>Ok = false</c>; adds are ignored.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (IsShuttingDown)
            {
                return;
            }

            _shutdown.Cancel();
            foreach (var (_, timer) in _waiting.Values)
            {
                timer.Dispose();
            }

            _waiting.Clear();
        }
    }

    private TimeSpan BackoffFor(int failures)
    {
        var ms = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 62));
        return ms >= _maxDelay.TotalMilliseconds ? _maxDelay : TimeSpan.FromMilliseconds(ms);
    }

    private void Fire(TKey key)
    {
        lock (_lock)
        {
            if (_waiting.Remove(key, out var entry))
            {
                entry.Timer.Dispose();
            }
        }

        Add(key);
    }
}
