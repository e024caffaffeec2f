using Frontier.Gateway;
using Frontier.Traces;

namespace Frontier.Replay;

/// <summary>
/// The discrete-event simulation of one policy over the arrivals, in virtual time. Arrivals go through the gateway's
/// own <see cref="Admission"/> (weights, caps, spill; a request without a lease waits in a FIFO and retries on every
/// release until its bounded wait ends, then counts as a 429); admitted requests run on the least busy ready replica of
/// their candidate (processor sharing at the production curve's speed); every interval the policy plans and the
/// replicas follow (new ones after the startup time, removed ones drain). Memory grows with requests in flight and
/// waiting, not with the trace.
/// </summary>
internal sealed class ReplayRun
{
    private readonly PriorityQueue<Event, (double Time, long Order)> _events = new();
    private readonly Queue<Waiting> _waiting = new();
    private readonly Queue<double> _window = new();
    private readonly VirtualClock _clock = new();
    private readonly Admission _admission;
    private readonly OutlierDetector _outliers;
    private readonly ReplayController _controller;
    private readonly IReadOnlyList<CandidatePool> _pools;
    private readonly Dictionary<string, CandidatePool> _poolByName;
    private readonly TraceProfile _profile;
    private readonly SpendMeter _spend;
    private readonly LatencyHistogram _ttft = new();
    private readonly List<TimelinePoint> _timeline = [];
    private readonly double _interval;
    private readonly double _startup;
    private readonly double _rateWindow;
    private readonly double _queueWait;
    private readonly double? _maxTtft;
    private readonly double? _maxLatency;
    private readonly bool _warmStart;
    private RouteEntry _entry = null!;
    private long _order;
    private long _arrivals;
    private long _served;
    private long _rejected;
    private long _failed;
    private long _withinSlo;
    private long _arrivalsThisInterval;
    private double _qualitySum;

    public ReplayRun(ReplayController controller, IReadOnlyList<CandidatePool> pools, TraceProfile profile, ReplayRunSettings settings)
    {
        _controller = controller;
        _pools = pools;
        _poolByName = pools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _profile = profile;
        _interval = settings.IntervalSeconds;
        _startup = settings.StartupSeconds;
        _rateWindow = settings.RateWindowSeconds;
        _queueWait = settings.QueueWaitSeconds;
        _maxTtft = settings.MaxTtftSeconds;
        _maxLatency = settings.MaxLatencySeconds;
        _warmStart = settings.WarmStart;
        _spend = new SpendMeter(settings.BudgetPerHour);
        var states = new CandidateStates();
        var gateway = new GatewayOptions { QueueWait = TimeSpan.FromSeconds(settings.QueueWaitSeconds) };
        _admission = new Admission(new CandidatePicker(new Random(settings.Seed)), states, _clock, gateway);
        _outliers = new OutlierDetector(states, gateway.OutlierDetection, _clock);
    }

    /// <summary>Replays <paramref name="arrivals"/> and returns the figures (names the policy <paramref name="policy"/>).</summary>
    public PolicyResult Run(IEnumerable<TraceRequest> arrivals, string policy, double? share, bool ignoresBudget)
    {
        Start();
        foreach (var request in arrivals)
        {
            RunEventsUntil(request.ArrivalSeconds);
            Arrive(request);
        }
        RunEventsUntil(double.PositiveInfinity);
        return Finish(policy, share, ignoresBudget);
    }

    // ---- phases ----

    /// <summary>The first plan, its replicas ready at once (every policy starts alike): for the first interval's demand
    /// (warm start), or for no demand yet — the route's floor — as an operator that has seen no traffic.</summary>
    private void Start()
    {
        var first = _warmStart ? _profile.RateOf(0) : 0;
        var decision = _controller.Decide(_clock.GetUtcNow(), first, first, _profile.PeakRequestsPerSecond);
        Apply(decision, startup: 0);
        Schedule(_interval, Event.Tick());
    }

    private void RunEventsUntil(double time)
    {
        while (_events.TryPeek(out var e, out var key) && key.Time <= time)
        {
            _events.Dequeue();
            _clock.AdvanceTo(key.Time);
            switch (e.Kind)
            {
                case EventKind.Completion when e.Replica!.Version == e.Version:
                    Complete(e.Replica);
                    break;
                case EventKind.Ready:
                    e.Replica!.Advance(_clock.Now);
                    e.Replica.Ready = !e.Replica.Draining;
                    break;
                case EventKind.Tick:
                    Tick();
                    break;
            }
        }
    }

    private void Arrive(TraceRequest request)
    {
        _clock.AdvanceTo(request.ArrivalSeconds);
        var now = _clock.Now;
        _arrivals++;
        _arrivalsThisInterval++;
        _window.Enqueue(now);
        ExpireWaiting(now);
        if (_waiting.Count == 0 && _admission.TryAcquire(_entry) is { } lease) Dispatch(request, lease, now, retried: false);
        else _waiting.Enqueue(new Waiting(request, now + _queueWait, null));
    }

    /// <summary>Runs the request on the least busy ready replica of the lease's candidate. With none ready the connection
    /// fails: the gateway's outlier detection counts it (consecutive connect failures eject the candidate) and, once per
    /// request, the gateway retries on another candidate with the same bounded wait (the request waits again, that
    /// candidate excluded); a second failure is a 502.</summary>
    private void Dispatch(TraceRequest request, InFlightLease lease, double now, bool retried)
    {
        var pool = _poolByName[lease.Candidate.Name];
        if (pool.Pick() is { } replica)
        {
            var ttft = now - request.ArrivalSeconds + pool.TtftSeconds(replica.InFlight + 1);
            OutlierDetector.ReportSuccess(lease);
            replica.Add(new Job(request.ArrivalSeconds, Math.Max(1, request.OutputTokens) / pool.WorkTokens, ttft, lease), now);
            ScheduleCompletion(replica);
            return;
        }
        _outliers.ReportFailure(lease, BackendFailureKind.ConnectFailure);
        var failed = lease.Candidate.Name;
        lease.Dispose();
        if (retried || _entry.Candidates.Length < 2)
        {
            _failed++;
            return;
        }
        if (_admission.TryAcquire(_entry, c => c.Name == failed) is { } next) Dispatch(request, next, now, retried: true);
        else _waiting.Enqueue(new Waiting(request, now + _queueWait, failed));
    }

    private void Complete(Replica replica)
    {
        var now = _clock.Now;
        var job = replica.Complete(now);
        job.Lease.Dispose();
        var pool = replica.Pool;
        pool.Served++;
        _served++;
        _qualitySum += pool.Quality;
        _ttft.Add(job.TtftSeconds);
        if ((_maxTtft is not { } t || job.TtftSeconds <= t) && (_maxLatency is not { } l || now - job.ArrivalSeconds <= l)) _withinSlo++;
        if (replica.Draining && replica.InFlight == 0) pool.Remove(replica);
        else ScheduleCompletion(replica);
        ServeWaiting(now);
    }

    private void Tick()
    {
        var now = _clock.Now;
        while (_window.TryPeek(out var t) && t <= now - _rateWindow) _window.Dequeue();
        var measured = _window.Count / Math.Min(_rateWindow, Math.Max(now, 1e-9));
        var index = (int)Math.Round(now / _interval);
        var decision = _controller.Decide(_clock.GetUtcNow(), measured, _profile.RateOf(index), _profile.PeakRequestsPerSecond);
        _timeline.Add(new TimelinePoint(now, _arrivalsThisInterval / _interval, decision.PlannedDemand,
            _pools.Sum(p => p.ReadyCount * p.BestRequestsPerSecond), _pools.Select(p => p.Planned).ToList(), _spend.RatePerHour));
        _arrivalsThisInterval = 0;
        Apply(decision, _startup);
        ServeWaiting(now);
        if (now + _interval <= _profile.DurationSeconds + _interval / 2) Schedule(now + _interval, Event.Tick());
    }

    private void Apply(Decision decision, double startup)
    {
        var now = _clock.Now;
        _entry = decision.Entry;
        foreach (var pool in _pools)
        {
            var target = decision.Replicas.GetValueOrDefault(pool.Name);
            for (var have = pool.Planned; have < target; have++)
            {
                var replica = pool.Add(now, now + startup);
                _spend.Change(now, pool.HourlyPerReplica, pool.GpusPerReplica);
                if (!replica.Ready) Schedule(replica.ReadyAt, Event.ReadyOf(replica));
            }
            for (var have = pool.Planned; have > target; have--)
            {
                var victim = pool.Victim()!;
                victim.Advance(now);
                victim.Draining = true;
                StopBilling(victim, now);
                if (victim.InFlight == 0) victim.Pool.Remove(victim);
            }
        }
    }

    /// <summary>A replica scaled away leaves at once: it costs nothing from now on, though its requests still finish (drain).</summary>
    private void StopBilling(Replica replica, double now)
    {
        var pool = replica.Pool;
        pool.ReplicaSeconds += now - replica.CreatedAt;
        _spend.Change(now, -pool.HourlyPerReplica, -pool.GpusPerReplica);
    }

    private void ServeWaiting(double now)
    {
        ExpireWaiting(now);
        while (_waiting.TryPeek(out var head) && _admission.TryAcquire(_entry, head.Excluded is { } name ? c => c.Name == name : null) is { } lease)
        {
            _waiting.Dequeue();
            Dispatch(head.Request, lease, now, retried: head.Excluded is not null);
        }
    }

    private void ExpireWaiting(double now)
    {
        while (_waiting.TryPeek(out var w) && w.Deadline < now)
        {
            _waiting.Dequeue();
            _rejected++;
        }
    }

    private PolicyResult Finish(string policy, double? share, bool ignoresBudget)
    {
        var end = Math.Max(_clock.Now, _profile.DurationSeconds);
        _rejected += _waiting.Count;
        _waiting.Clear();
        foreach (var pool in _pools)
        {
            foreach (var replica in pool.Replicas.ToList())
            {
                replica.Advance(end);
                if (!replica.Draining) StopBilling(replica, end);
                pool.Remove(replica);
            }
        }
        _spend.Finish(end);
        if (_arrivals != _served + _rejected + _failed)
            throw new InvalidOperationException($"conservation broken for {policy}: {_arrivals} arrivals ≠ {_served} served + {_rejected} rejected + {_failed} failed");

        var cost = _spend.CostUsd;
        return new PolicyResult(policy, share, _arrivals, _served, _rejected, _failed,
            _served == 0 ? 0 : _qualitySum / _served, _arrivals == 0 ? 0 : _qualitySum / _arrivals, cost, _served == 0 ? 0 : cost / _served * 1000, _spend.GpuSeconds / 3600,
            _ttft.Quantile(0.5), _ttft.Quantile(0.99), _arrivals == 0 ? 0 : (double)_withinSlo / _arrivals, _spend.MinutesOverBudget,
            ignoresBudget && _spend.MinutesOverBudget > 0,
            _pools.Select(p => new CandidateResult(p.Name, p.Served, p.ReplicaSeconds / 3600,
                p.ReadySeconds > 0 ? p.ConcurrencySeconds / p.ReadySeconds : 0, p.Zone?.Min, p.Zone?.Max,
                p.ReadySeconds > 0 ? p.InZoneSeconds / p.ReadySeconds : 0)).ToList())
        {
            Timeline = _timeline,
        };
    }

    // ---- events ----

    private void ScheduleCompletion(Replica replica)
    {
        var at = replica.NextCompletion();
        if (!double.IsPositiveInfinity(at)) Schedule(at, Event.CompletionOf(replica));
    }

    private void Schedule(double time, Event e) => _events.Enqueue(e, (time, _order++));

    /// <summary>A request waiting for a slot until <paramref name="Deadline"/>; <paramref name="Excluded"/> names the candidate that just failed it.</summary>
    private readonly record struct Waiting(TraceRequest Request, double Deadline, string? Excluded);

    private enum EventKind
    {
        Completion,
        Ready,
        Tick,
    }

    private readonly record struct Event(EventKind Kind, Replica? Replica, long Version)
    {
        public static Event Tick() => new(EventKind.Tick, null, 0);

        public static Event ReadyOf(Replica replica) => new(EventKind.Ready, replica, 0);

        public static Event CompletionOf(Replica replica) => new(EventKind.Completion, replica, replica.Version);
    }
}
