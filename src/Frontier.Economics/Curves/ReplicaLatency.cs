namespace Frontier.Economics.Curves;

/// <summary>
/// How one replica behaves with c requests in flight, from a model's production curve: throughput X(c) (the curve's),
/// mean end-to-end latency c / X(c) (Little's law), and time to first token — the benchmark's measured mean TTFT
/// interpolated at c (linear in log-concurrency, flat outside the measured levels), or a fraction of the latency where
/// none was measured, never above the latency. The simulator and the trace replay share it. Times are the benchmark's.
/// </summary>
public sealed class ReplicaLatency
{
    private readonly (double Concurrency, double Ttft)[] _ttft;

    /// <param name="curve">The model's production curve.</param>
    /// <param name="ttftFraction">TTFT as a fraction of latency where the benchmark measured none, in (0, 1).</param>
    public ReplicaLatency(ProductionCurve curve, double ttftFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(ttftFraction is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ttftFraction), ttftFraction, "must be in (0, 1)");
        Curve = curve;
        TtftFraction = ttftFraction;
        MaxRequestsPerSecond = curve.Points.Max(p => p.RequestsPerSecond);
        _ttft = curve.Points.Where(p => p.MeanTtftSeconds.HasValue)
            .Select(p => ((double)p.Concurrency, p.MeanTtftSeconds!.Value)).ToArray();
    }

    /// <summary>The curve the replica follows.</summary>
    public ProductionCurve Curve { get; }

    /// <summary>TTFT as a fraction of latency where none was measured.</summary>
    public double TtftFraction { get; }

    /// <summary>The highest measured throughput of one replica (requests/s).</summary>
    public double MaxRequestsPerSecond { get; }

    /// <summary>Throughput X(c) of one replica with <paramref name="concurrency"/> in flight (at least 1), requests/s.</summary>
    public double RequestsPerSecondAt(double concurrency) => Curve.RequestsPerSecondAt(Math.Max(1, concurrency));

    /// <summary>Mean end-to-end latency c / X(c), seconds.</summary>
    public double LatencySeconds(double concurrency)
    {
        var c = Math.Max(1, concurrency);
        return c / RequestsPerSecondAt(c);
    }

    /// <summary>Mean time to first token at <paramref name="concurrency"/>, seconds; never above the latency.</summary>
    public double TtftSeconds(double concurrency)
    {
        var c = Math.Max(1, concurrency);
        var latency = LatencySeconds(c);
        return _ttft.Length == 0 ? TtftFraction * latency : Math.Min(Interpolate(_ttft, c), latency);
    }

    /// <summary>GPU utilisation in percent at <paramref name="concurrency"/>: min(100, 100·X(c)/Xmax), 0 when idle.</summary>
    public double UtilizationPercent(double concurrency) =>
        concurrency <= 0 ? 0 : Math.Min(100, 100 * RequestsPerSecondAt(concurrency) / MaxRequestsPerSecond);

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
