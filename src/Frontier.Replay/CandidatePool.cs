using Frontier.Economics.Curves;

namespace Frontier.Replay;

/// <summary>The replicas of one candidate, what one costs, how fast it serves, and what they did.</summary>
internal sealed class CandidatePool
{
    private readonly ReplicaLatency _latency;
    private readonly List<double> _rateByConcurrency = [0];
    private readonly List<Replica> _replicas = [];
    private readonly double _speedup;

    /// <param name="name">Candidate name.</param>
    /// <param name="quality">Quality of what it serves.</param>
    /// <param name="hourlyPerReplica">USD per hour of one replica.</param>
    /// <param name="gpusPerReplica">GPUs of one replica.</param>
    /// <param name="copies">Whole copies of the benchmarked GPU set one replica runs (k copies: k× throughput at k× concurrency).</param>
    /// <param name="curve">The candidate's production curve.</param>
    /// <param name="zone">The benchmark's optimal zone under the route's SLO, or null when no point meets it.</param>
    /// <param name="workTokens">Output tokens of one benchmark request: a request's work is its tokens over this.</param>
    /// <param name="speedup">How many times faster than the benchmark a replica serves (1: as measured).</param>
    public CandidatePool(string name, double quality, double hourlyPerReplica, int gpusPerReplica, int copies, ProductionCurve curve,
        OperatingZone? zone, double workTokens, double speedup = 1)
    {
        _speedup = speedup;
        Name = name;
        Quality = quality;
        HourlyPerReplica = hourlyPerReplica;
        GpusPerReplica = gpusPerReplica;
        Copies = copies;
        Zone = zone is null ? null : (zone.MinConcurrency * copies, zone.MaxConcurrency * copies);
        WorkTokens = workTokens;
        _latency = new ReplicaLatency(curve);
        BestRequestsPerSecond = speedup * copies * (zone?.Best.RequestsPerSecond ?? curve.Points.Max(p => p.RequestsPerSecond));
    }

    public string Name { get; }
    public double Quality { get; }
    public double HourlyPerReplica { get; }
    public int GpusPerReplica { get; }
    public int Copies { get; }
    /// <summary>Per replica: the optimal zone's concurrency range, or null when no point meets the SLO.</summary>
    public (int Min, int Max)? Zone { get; }
    public double WorkTokens { get; }

    /// <summary>Throughput of one replica at its best point: its capacity in the plan's terms.</summary>
    public double BestRequestsPerSecond { get; }

    /// <summary>Live replicas: starting, ready and draining.</summary>
    public IReadOnlyList<Replica> Replicas => _replicas;

    /// <summary>Replicas counted towards the plan (starting or ready, not draining).</summary>
    public int Planned => _replicas.Count(r => !r.Draining);

    /// <summary>Ready, non-draining replicas.</summary>
    public int ReadyCount => _replicas.Count(r => r.Ready && !r.Draining);

    public long Served { get; set; }
    public double ReplicaSeconds { get; set; }
    public double ConcurrencySeconds { get; private set; }
    public double ReadySeconds { get; private set; }
    public double InZoneSeconds { get; private set; }

    /// <summary>Throughput of one replica with <paramref name="inFlight"/> requests (cached per whole count).</summary>
    public double RequestsPerSecond(int inFlight)
    {
        while (_rateByConcurrency.Count <= inFlight)
        {
            var n = _rateByConcurrency.Count;
            _rateByConcurrency.Add(_speedup * Copies * _latency.RequestsPerSecondAt((double)n / Copies));
        }
        return _rateByConcurrency[inFlight];
    }

    /// <summary>The curve's TTFT with <paramref name="inFlight"/> requests on a replica.</summary>
    public double TtftSeconds(int inFlight) => _latency.TtftSeconds((double)inFlight / Copies) / _speedup;

    /// <summary>Adds <paramref name="dt"/> seconds of a ready replica running <paramref name="inFlight"/> requests.</summary>
    public void Observe(int inFlight, double dt)
    {
        ReadySeconds += dt;
        ConcurrencySeconds += inFlight * dt;
        if (Zone is { } z && inFlight >= z.Min && inFlight <= z.Max) InZoneSeconds += dt;
    }

    /// <summary>The ready replica with the fewest requests in flight (a Service spreading load), or null.</summary>
    public Replica? Pick()
    {
        Replica? best = null;
        foreach (var r in _replicas)
            if (r.Ready && !r.Draining && (best is null || r.InFlight < best.InFlight)) best = r;
        return best;
    }

    /// <summary>Adds a replica asked for at <paramref name="now"/>, ready at <paramref name="readyAt"/>.</summary>
    public Replica Add(double now, double readyAt)
    {
        var replica = new Replica(this, now, readyAt) { Ready = readyAt <= now };
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>The replica to let go when scaling down: a starting one first (newest), else the least busy ready one.</summary>
    public Replica? Victim()
    {
        Replica? starting = null;
        Replica? ready = null;
        foreach (var r in _replicas)
        {
            if (r.Draining) continue;
            if (!r.Ready) starting = r;
            else if (ready is null || r.InFlight < ready.InFlight) ready = r;
        }
        return starting ?? ready;
    }

    /// <summary>Forgets a replica that has left.</summary>
    public void Remove(Replica replica) => _replicas.Remove(replica);
}
