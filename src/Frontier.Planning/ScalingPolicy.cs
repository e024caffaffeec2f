namespace Frontier.Planning;

/// <summary>
/// Turns each measured demand into the demand a route plans for; the operator's reconciler and the trace replay both
/// use it. Three steps, each from spec.scaling: (1) lookahead — when demand rose over the last startup time, it is
/// expected to rise as much again over the next, since replicas asked for now serve only then (the rise is measured
/// over at least half the startup time, so one noisy reading is not multiplied); (2) headroom — that times (1 + headroom), so the
/// in-flight caps do not refuse the noise around the mean; (3) scale-down stabilization — the highest of those
/// recommendations over the window is planned for, so a dip does not let replicas go that the next minute needs back.
/// Pure: the time is passed in; the state is the recommendations inside the window.
/// </summary>
public sealed class ScalingPolicy(ScalingSettings settings)
{
    private readonly Queue<(DateTimeOffset At, double Demand)> _recommendations = new();
    private readonly Queue<(DateTimeOffset At, double Demand)> _measurements = new();

    /// <summary>The settings.</summary>
    public ScalingSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>The demand to plan for at <paramref name="now"/>, given the <paramref name="measured"/> demand (requests/s).</summary>
    public double DemandToPlan(DateTimeOffset now, double measured)
    {
        var recommended = Lookahead(now, Math.Max(0, measured)) * (1 + Settings.Headroom);
        _recommendations.Enqueue((now, recommended));
        while (_recommendations.TryPeek(out var oldest) && oldest.At < now - Settings.ScaleDownStabilization) _recommendations.Dequeue();
        var highest = 0.0;
        foreach (var (_, demand) in _recommendations) highest = Math.Max(highest, demand);
        return highest;
    }

    /// <summary>Forgets the history (e.g. when the route's spec changed).</summary>
    public void Reset()
    {
        _recommendations.Clear();
        _measurements.Clear();
    }

    private double Lookahead(DateTimeOffset now, double measured)
    {
        var horizon = TimeSpan.FromSeconds(Settings.StartupSeconds);
        // Keep the newest reading at least one startup time old, and everything after it.
        while (_measurements.Count > 1 && _measurements.ElementAt(1).At <= now - horizon) _measurements.Dequeue();
        var ahead = measured;
        if (Settings.StartupSeconds > 0 && _measurements.TryPeek(out var origin))
        {
            var span = (now - origin.At).TotalSeconds;
            if (span >= Settings.StartupSeconds / 2 && measured > origin.Demand)
                ahead = measured + (measured - origin.Demand) * Settings.StartupSeconds / span;
        }
        _measurements.Enqueue((now, measured));
        return ahead;
    }
}
