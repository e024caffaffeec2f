namespace Frontier.Simulator;

/// <summary>
/// N independent replicas, each with its own in-flight count. A request goes to the least-loaded
/// replica; when every replica already runs <see cref="MaxRunningPerReplica"/> requests it waits
/// (vLLM's "waiting" queue) until one finishes, first come first served.
/// </summary>
public sealed class ReplicaPool
{
    private readonly object _gate = new();
    private readonly int[] _running;
    private readonly LinkedList<TaskCompletionSource<int>> _waiting = new();
    private int _inPool;
    private int _peak;

    /// <param name="replicas">Number of replicas (≥ 1).</param>
    /// <param name="maxRunningPerReplica">Requests one replica runs at once before others queue (≥ 1).</param>
    public ReplicaPool(int replicas, int maxRunningPerReplica)
    {
        if (replicas < 1) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "must be >= 1");
        if (maxRunningPerReplica < 1) throw new ArgumentOutOfRangeException(nameof(maxRunningPerReplica), maxRunningPerReplica, "must be >= 1");
        _running = new int[replicas];
        MaxRunningPerReplica = maxRunningPerReplica;
    }

    /// <summary>Requests one replica runs at once.</summary>
    public int MaxRunningPerReplica { get; }

    /// <summary>Number of replicas.</summary>
    public int Replicas => _running.Length;

    /// <summary>Requests running on each replica now.</summary>
    public int[] RunningPerReplica()
    {
        lock (_gate) return (int[])_running.Clone();
    }

    /// <summary>Requests queued for a slot now.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting.Count; }
    }

    /// <summary>The most requests running and waiting at once since start or the last <see cref="ResetPeak"/>.</summary>
    public int Peak
    {
        get { lock (_gate) return _peak; }
    }

    /// <summary>Starts the high-water mark again from the requests in the pool now; returns the peak it had.</summary>
    public int ResetPeak()
    {
        lock (_gate)
        {
            var peak = _peak;
            _peak = _inPool;
            return peak;
        }
    }

    /// <summary>Takes a slot on the least-loaded replica, waiting for one if all are full.</summary>
    public async Task<ReplicaLease> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<int> waiter;
        LinkedListNode<TaskCompletionSource<int>> node;
        lock (_gate)
        {
            _inPool++;
            _peak = Math.Max(_peak, _inPool);
            var best = 0;
            for (var i = 1; i < _running.Length; i++)
                if (_running[i] < _running[best]) best = i;
            if (_running[best] < MaxRunningPerReplica)
            {
                _running[best]++;
                return new ReplicaLease(this, best, _running[best]);
            }
            waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(waiter);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is null) return; // already handed a slot
                _waiting.Remove(node);
                _inPool--;
            }
            waiter.TrySetCanceled(cancellationToken);
        });
        var replica = await waiter.Task.ConfigureAwait(false);
        int concurrency;
        lock (_gate) concurrency = _running[replica];
        return new ReplicaLease(this, replica, concurrency);
    }

    internal void Release(int replica)
    {
        TaskCompletionSource<int>? next = null;
        lock (_gate)
        {
            _inPool--;
            if (_waiting.First is { } first)
            {
                _waiting.RemoveFirst();
                next = first.Value; // the slot passes straight to the oldest waiter
            }
            else
            {
                _running[replica]--;
            }
        }
        next?.TrySetResult(replica);
    }
}

/// <summary>A request's slot on one replica; disposing it frees the slot.</summary>
public sealed class ReplicaLease : IDisposable
{
    private readonly ReplicaPool _pool;
    private int _released;

    internal ReplicaLease(ReplicaPool pool, int replica, int concurrency)
    {
        _pool = pool;
        Replica = replica;
        Concurrency = concurrency;
    }

    /// <summary>Index of the replica.</summary>
    public int Replica { get; }

    /// <summary>Requests running on that replica when this one started, itself included.</summary>
    public int Concurrency { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _pool.Release(Replica);
    }
}
