using Frontier.Economics.Curves;

namespace Frontier.Simulator;

/// <summary>When each token of one request is due, in (time-scaled) seconds after it starts running.</summary>
/// <param name="TtftSeconds">Time to the first token.</param>
/// <param name="TotalSeconds">Time to the last token (end-to-end latency).</param>
/// <param name="TokenOffsets">Offset of every completion token; the first is <paramref name="TtftSeconds"/>, the last <paramref name="TotalSeconds"/>.</param>
public sealed record RequestTiming(double TtftSeconds, double TotalSeconds, IReadOnlyList<double> TokenOffsets);

/// <summary>
/// The pure latency and load math of the simulator, from a model's production curve. With c requests
/// in flight on a replica, the mean end-to-end latency is c / X(c) (Little's law, X the curve's
/// throughput); time to first token is the benchmark's measured mean TTFT interpolated at c, or a
/// fraction of the latency where none was measured. Every time is multiplied by the time scale.
/// </summary>
public sealed class LatencyModel
{
    private readonly (double Concurrency, double Ttft)[] _ttft;

    /// <param name="curve">The model's production curve.</param>
    /// <param name="timeScale">Multiplies every time (0.01 is 100× faster than real).</param>
    /// <param name="defaultCompletionTokens">Completion tokens of a request that does not ask for a number; the curve's latency is for this many.</param>
    /// <param name="ttftFraction">TTFT as a fraction of latency where the benchmark measured none.</param>
    public LatencyModel(ProductionCurve curve, double timeScale = 1, int defaultCompletionTokens = 64, double ttftFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(timeScale > 0) || double.IsInfinity(timeScale)) throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "must be > 0");
        if (defaultCompletionTokens < 1) throw new ArgumentOutOfRangeException(nameof(defaultCompletionTokens), defaultCompletionTokens, "must be >= 1");
        if (!(ttftFraction is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ttftFraction), ttftFraction, "must be in (0, 1)");
        Curve = curve;
        TimeScale = timeScale;
        DefaultCompletionTokens = defaultCompletionTokens;
        TtftFraction = ttftFraction;
        MaxRequestsPerSecond = curve.Points.Max(p => p.RequestsPerSecond);
        _ttft = curve.Points.Where(p => p.MeanTtftSeconds.HasValue)
            .Select(p => ((double)p.Concurrency, p.MeanTtftSeconds!.Value)).ToArray();
    }

    /// <summary>The curve the model follows.</summary>
    public ProductionCurve Curve { get; }

    /// <summary>Multiplier on every time.</summary>
    public double TimeScale { get; }

    /// <summary>Completion tokens of a request that does not ask for a number.</summary>
    public int DefaultCompletionTokens { get; }

    /// <summary>TTFT as a fraction of latency where none was measured.</summary>
    public double TtftFraction { get; }

    /// <summary>The highest measured throughput of one replica (requests/s, unscaled).</summary>
    public double MaxRequestsPerSecond { get; }

    /// <summary>Throughput X(c) of one replica with <paramref name="concurrency"/> requests in flight (requests/s, unscaled).</summary>
    public double RequestsPerSecondAt(double concurrency) => Curve.RequestsPerSecondAt(Math.Max(1, concurrency));

    /// <summary>Mean end-to-end latency c / X(c), time-scaled.</summary>
    public double LatencySeconds(double concurrency)
    {
        var c = Math.Max(1, concurrency);
        return c / RequestsPerSecondAt(c) * TimeScale;
    }

    /// <summary>Mean time to first token at <paramref name="concurrency"/>, time-scaled; never above the latency.</summary>
    public double TtftSeconds(double concurrency)
    {
        var c = Math.Max(1, concurrency);
        var latency = LatencySeconds(c);
        if (_ttft.Length == 0) return TtftFraction * latency;
        return Math.Min(Interpolate(_ttft, c) * TimeScale, latency);
    }

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
    public double UtilizationPercent(double concurrency) =>
        concurrency <= 0 ? 0 : Math.Min(100, 100 * RequestsPerSecondAt(concurrency) / MaxRequestsPerSecond);

    /// <summary>Power draw in watts: idle + (max − idle)·util/100.</summary>
    public static double PowerWatts(double utilizationPercent, double idleWatts, double maxWatts) =>
        idleWatts + (maxWatts - idleWatts) * Math.Clamp(utilizationPercent, 0, 100) / 100;

    /// <summary>Linear in log-concurrency between measured levels, held flat outside them.</summary>
    private static double Interpolate((double X, double Y)[] points, double x)
    {
        if (x <= points[0].X) return points[0].Y;
        if (x >= points[^1].X) return points[^1].Y;
        var i = 1;
        while (points[i].X < x) i++;
        var (x0, y0) = points[i - 1];
        var (x1, y1) = points[i];
        var t = (Math.Log(x) - Math.Log(x0)) / (Math.Log(x1) - Math.Log(x0));
        return y0 + t * (y1 - y0);
    }
}
