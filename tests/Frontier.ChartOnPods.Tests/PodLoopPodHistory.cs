namespace Frontier.ChartOnPods.Tests;

/// <summary>
/// What the <see cref="PodLoopObserver"/> saw of one model-server Pod, on the loop's clock: when it appeared, each
/// change of its Ready condition, when its deletion was seen and when it was gone from the API, and every reading of
/// its load. Written by the observer's loops, read by the test: every member takes the lock.
/// </summary>
internal sealed class PodLoopPodHistory(string name, double firstSeen)
{
    private readonly Lock _gate = new();
    private readonly List<(double At, bool Ready)> _readiness = [];
    private readonly List<PodLoopSample> _samples = [];
    private readonly SortedDictionary<int, int> _gatewayMax = [];
    private string? _ip;
    private double _deletionSeen = double.NaN;
    private double _gone = double.NaN;

    public string Name { get; } = name;

    /// <summary>When the observer first listed it.</summary>
    public double FirstSeen { get; } = firstSeen;

    /// <summary>status.podIP once it has one.</summary>
    public string? Ip
    {
        get { lock (_gate) return _ip; }
        set { lock (_gate) _ip = value; }
    }

    /// <summary>When its deletionTimestamp was first seen, or its absence when it went between two readings; NaN before.</summary>
    public double DeletionSeen
    {
        get { lock (_gate) return _deletionSeen; }
    }

    /// <summary>When it was first missing from the list; NaN while it exists.</summary>
    public double Gone
    {
        get { lock (_gate) return _gone; }
    }

    public bool IsGone => !double.IsNaN(Gone);

    public IReadOnlyList<PodLoopSample> Samples
    {
        get { lock (_gate) return [.. _samples]; }
    }

    public void ObserveReady(double at, bool ready)
    {
        lock (_gate)
        {
            if (_readiness.Count == 0 || _readiness[^1].Ready != ready) _readiness.Add((at, ready));
        }
    }

    public void ObserveDeletion(double at)
    {
        lock (_gate)
        {
            if (double.IsNaN(_deletionSeen)) _deletionSeen = at;
        }
    }

    public void ObserveGone(double at)
    {
        lock (_gate)
        {
            if (double.IsNaN(_gone)) _gone = at;
            if (double.IsNaN(_deletionSeen)) _deletionSeen = at;
        }
    }

    public void Add(PodLoopSample sample)
    {
        lock (_gate) _samples.Add(sample);
    }

    /// <summary>Notes that gateway <paramref name="gateway"/> (index) said it had <paramref name="inFlight"/> requests on this Pod.</summary>
    public void ObserveGateway(int gateway, int inFlight)
    {
        lock (_gate) _gatewayMax[gateway] = Math.Max(inFlight, _gatewayMax.GetValueOrDefault(gateway));
    }

    /// <summary>The most requests each gateway (by index) said it had on this Pod at once, by its 100 ms readings.</summary>
    public IReadOnlyDictionary<int, int> GatewayMax
    {
        get { lock (_gate) return new Dictionary<int, int>(_gatewayMax); }
    }

    /// <summary>The first time at or after <paramref name="after"/> it was seen turning (or being) Ready; NaN if it has not.</summary>
    public double ReadyAt(double after)
    {
        lock (_gate)
        {
            for (var i = 0; i < _readiness.Count; i++)
            {
                var (at, ready) = _readiness[i];
                var until = i + 1 < _readiness.Count ? _readiness[i + 1].At : double.PositiveInfinity;
                if (ready && until >= after) return Math.Max(at, after);
            }
            return double.NaN;
        }
    }

    /// <summary>When it was seen Ready again after having been seen not Ready after <paramref name="after"/> (a restart); NaN if not (yet).</summary>
    public double ReadyAgainAfter(double after)
    {
        lock (_gate)
        {
            var down = _readiness.FindIndex(r => r.At >= after && !r.Ready);
            if (down < 0) return double.NaN;
            var up = _readiness.FindIndex(down, r => r.Ready);
            return up < 0 ? double.NaN : _readiness[up].At;
        }
    }

    /// <summary>Whether it was Ready (as last seen) at <paramref name="at"/>.</summary>
    public bool WasReadyAt(double at)
    {
        lock (_gate)
        {
            var last = _readiness.LastOrDefault(r => r.At <= at);
            return last.Ready && (double.IsNaN(_deletionSeen) || at < _deletionSeen);
        }
    }

    /// <summary>The first reading at or after <paramref name="after"/> showing it had taken a request (one in flight or one
    /// more finished than at its previous reading); NaN if none.</summary>
    public double FirstServedAfter(double after)
    {
        lock (_gate)
        {
            for (var i = 0; i < _samples.Count; i++)
            {
                var s = _samples[i];
                if (s.At < after) continue;
                var before = i > 0 ? _samples[i - 1].Finished : 0;
                if (s.InFlight > 0 || s.Finished > before) return s.At;
            }
            return double.NaN;
        }
    }
}
