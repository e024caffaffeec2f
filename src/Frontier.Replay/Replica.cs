namespace Frontier.Replay;

/// <summary>
/// One replica as a processor-sharing server: with n requests in flight it completes work at the production curve's
/// throughput X(n) and every request gets X(n)/n of it. Tracked with a virtual "service per request" clock V: a request
/// finishes when V has grown by its work since it started, so a change of n costs one heap operation, not n.
/// </summary>
internal sealed class Replica(CandidatePool pool, double createdAt, double readyAt)
{
    private readonly PriorityQueue<Job, double> _jobs = new();
    private double _v;
    private double _last = createdAt;

    /// <summary>The candidate the replica belongs to.</summary>
    public CandidatePool Pool { get; } = pool;

    /// <summary>When it was asked for (cost starts).</summary>
    public double CreatedAt { get; } = createdAt;

    /// <summary>When it starts taking requests.</summary>
    public double ReadyAt { get; } = readyAt;

    /// <summary>Whether it has started.</summary>
    public bool Ready { get; set; }

    /// <summary>Scaled away: takes nothing new, finishes what it has, then leaves.</summary>
    public bool Draining { get; set; }

    /// <summary>Bumped whenever the next completion moves; completion events of older versions are stale.</summary>
    public long Version { get; private set; }

    /// <summary>Requests in flight.</summary>
    public int InFlight => _jobs.Count;

    /// <summary>Adds a request at <paramref name="now"/>.</summary>
    public void Add(Job job, double now)
    {
        Advance(now);
        _jobs.Enqueue(job, _v + job.Work);
        Version++;
    }

    /// <summary>Removes the request due at <paramref name="now"/> (the one with the least work left).</summary>
    public Job Complete(double now)
    {
        Advance(now);
        var job = _jobs.Dequeue();
        Version++;
        return job;
    }

    /// <summary>When the next request finishes if nothing changes; +∞ when idle.</summary>
    public double NextCompletion()
    {
        if (!_jobs.TryPeek(out _, out var finish)) return double.PositiveInfinity;
        var perRequest = Pool.RequestsPerSecond(_jobs.Count) / _jobs.Count;
        return _last + Math.Max(0, finish - _v) / perRequest;
    }

    /// <summary>Brings V and the pool's concurrency statistics up to <paramref name="now"/>.</summary>
    public void Advance(double now)
    {
        var dt = now - _last;
        if (dt <= 0) return;
        var n = _jobs.Count;
        if (n > 0) _v += dt * Pool.RequestsPerSecond(n) / n;
        if (Ready) Pool.Observe(n, dt);
        _last = now;
    }
}
