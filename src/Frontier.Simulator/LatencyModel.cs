using Frontier.Economics.Curves;

namespace Frontier.Simulator;

/// <summary>When each token of one request is due, in (time-scaled) seconds after it starts running.</summary>
/// <param name="TtftSeconds">Time to the first token.</param>
/// <param name="TotalSeconds">Time to the last token (end-to-end latency).</param>
/// <param name="TokenOffsets">Offset of every completion token; the first is <paramref name="TtftSeconds"/>, the last <paramref name="TotalSeconds"/>.</param>
public sealed record RequestTiming(double TtftSeconds, double TotalSeconds, IReadOnlyList<double> TokenOffsets);

/// <summary>
/// The simulator's view of a model's latency: the shared per-replica math of <see cref="ReplicaLatency"/> (throughput
/// X(c), latency c / X(c), TTFT from the benchmark) with every time multiplied by the time scale.
/// </summary>
public sealed class LatencyModel
{
    private readonly ReplicaLatency _replica;

    /// <param name="curve">The model's production curve.</param>
    /// <param name="timeScale">Multiplies every time (0.01 is 100× faster than real).</param>
    /// <param name="defaultCompletionTokens">Completion tokens of a request that does not ask for a number; the curve's latency is for this many.</param>
    /// <param name="ttftFraction">TTFT as a fraction of latency where the benchmark measured none.</param>
    public LatencyModel(ProductionCurve curve, double timeScale = 1, int defaultCompletionTokens = 64, double ttftFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(timeScale > 0) || double.IsInfinity(timeScale)) throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "must be > 0");
        if (defaultCompletionTokens < 1) throw new ArgumentOutOfRangeException(nameof(defaultCompletionTokens), defaultCompletionTokens, "must be >= 1");
        _replica = new ReplicaLatency(curve, ttftFraction);
        TimeScale = timeScale;
        DefaultCompletionTokens = defaultCompletionTokens;
    }

    /// <summary>The curve the model follows.</summary>
    public ProductionCurve Curve => _replica.Curve;

    /// <summary>Multiplier on every time.</summary>
    public double TimeScale { get; }

    /// <summary>Completion tokens of a request that does not ask for a number.</summary>
    public int DefaultCompletionTokens { get; }

    /// <summary>TTFT as a fraction of latency where none was measured.</summary>
    public double TtftFraction => _replica.TtftFraction;

    /// <summary>The highest measured throughput of one replica (requests/s, unscaled).</summary>
    public double MaxRequestsPerSecond => _replica.MaxRequestsPerSecond;

    /// <summary>Throughput X(c) of one replica with <paramref name="concurrency"/> requests in flight (requests/s, unscaled).</summary>
    public double RequestsPerSecondAt(double concurrency) => _replica.RequestsPerSecondAt(concurrency);

    /// <summary>Mean end-to-end latency c / X(c), time-scaled.</summary>
    public double LatencySeconds(double concurrency) => _replica.LatencySeconds(concurrency) * TimeScale;

    /// <summary>Mean time to first token at <paramref name="concurrency"/>, time-scaled; never above the latency.</summary>
    public double TtftSeconds(double concurrency) => _replica.TtftSeconds(concurrency) * TimeScale;

    /// <summary>
    /// The timing of one request that starts running with <paramref name="concurrency"/> in flight on its
    /// replica (itself included) and produces <paramref name="completionTokens"/>: decode time is the curve's
    /// (latency − TTFT) scaled by tokens / default tokens, the tokens spread evenly after the first;
    /// <paramref name="slowdown"/> multiplies everything (the "slow" fault).
    /// </summary>
    public RequestTiming Timing(double concurrency, int completionTokens, double slowdown = 1)
    {
        if (completionTokens < 1) throw new ArgumentOutOfRangeException(nameof(completionTokens), completionTokens, "must be >= 1");
        if (!(slowdown > 0)) throw new ArgumentOutOfRangeException(nameof(slowdown), slowdown, "must be > 0");
        var ttft = TtftSeconds(concurrency) * slowdown;
        var decode = (LatencySeconds(concurrency) * slowdown - ttft) * completionTokens / DefaultCompletionTokens;
        var offsets = new double[completionTokens];
        for (var k = 0; k < completionTokens; k++)
            offsets[k] = completionTokens == 1 ? ttft + decode : ttft + decode * k / (completionTokens - 1);
        return new RequestTiming(ttft, offsets[^1], offsets);
    }

    /// <summary>GPU utilisation in percent at <paramref name="concurrency"/>: min(100, 100·X(c)/Xmax), 0 when idle.</summary>
    public double UtilizationPercent(double concurrency) => _replica.UtilizationPercent(concurrency);

    /// <summary>Power draw in watts: idle + (max − idle)·util/100.</summary>
    public static double PowerWatts(double utilizationPercent, double idleWatts, double maxWatts) =>
        idleWatts + (maxWatts - idleWatts) * Math.Clamp(utilizationPercent, 0, 100) / 100;
}
