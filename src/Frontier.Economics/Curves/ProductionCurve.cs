using Frontier.Economics.Cost;
using Frontier.Economics.Statistics;

namespace Frontier.Economics.Curves;

/// <summary>
/// A model's production curve: for each measured concurrency, what a request costs and how fast one
/// replica serves. Measured points are authoritative; the saturating fit only fills the gaps between them.
/// </summary>
public sealed class ProductionCurve
{
    private readonly Lazy<SaturatingFit?> _fit;

    private ProductionCurve(BenchmarkData benchmark, IReadOnlyList<OperatingPoint> points)
    {
        Benchmark = benchmark;
        Points = points;
        // Planning only needs the measured points; the fit is computed when something asks for it.
        _fit = new Lazy<SaturatingFit?>(() => SaturatingFit.TryFit(
            points.Select(p => (double)p.Concurrency).ToList(), points.Select(p => p.RequestsPerSecond).ToList()));
    }

    /// <summary>The benchmark the curve was built from.</summary>
    public BenchmarkData Benchmark { get; }

    /// <summary>Operating points in ascending concurrency, one per distinct measured level.</summary>
    public IReadOnlyList<OperatingPoint> Points { get; }

    /// <summary>Saturating throughput fit, or null with fewer than three levels or no convergence.</summary>
    public SaturatingFit? Fit => _fit.Value;

    /// <summary>
    /// Builds the curve. Runs at the same concurrency are averaged, and when there are two or more of
    /// them the cost per request gets a bootstrap interval (seeded by <paramref name="seed"/>).
    /// </summary>
    public static ProductionCurve Build(BenchmarkData benchmark, int seed = 20251030)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        if (benchmark.Runs.Count == 0) throw new ArgumentException($"benchmark {benchmark.Name} has no runs", nameof(benchmark));
        var random = new Random(seed);
        var hourly = benchmark.GpuHourly.Total;

        var points = new List<OperatingPoint>();
        OperatingPoint? previous = null;
        foreach (var level in benchmark.Runs.GroupBy(r => r.Concurrency).OrderBy(g => g.Key))
        {
            var runs = level.ToList();
            var seconds = runs.Average(r => r.TotalSeconds);
            var cost = GpuCostModel.WorkloadCost(benchmark.Gpus, hourly, seconds);
            var perRequest = cost / benchmark.Requests;
            var throughput = benchmark.Requests / seconds;
            ConfidenceInterval? interval = null;
            if (runs.Count >= 2)
            {
                var perRequestSamples = runs
                    .Select(r => GpuCostModel.WorkloadCost(benchmark.Gpus, hourly, r.TotalSeconds) / benchmark.Requests)
                    .ToList();
                interval = Bootstrap.MeanInterval(perRequestSamples, random);
            }

            var point = new OperatingPoint(
                level.Key, seconds, cost, perRequest, throughput,
                MeanOrNull(runs, r => r.MeanTtftSeconds),
                MeanOrNull(runs, r => r.MeanLatencySeconds),
                previous is null ? null : (perRequest - previous.CostPerRequestUsd) / (level.Key - previous.Concurrency),
                previous is null ? null : Math.Log(throughput / previous.RequestsPerSecond) / Math.Log((double)level.Key / previous.Concurrency),
                runs.Count,
                interval,
                LatencyPercentiles.Average(runs.Select(r => r.Percentiles).ToList()));
            points.Add(point);
            previous = point;
        }

        return new ProductionCurve(benchmark, points);
    }

    /// <summary>
    /// Throughput of one replica at any concurrency. Exact at measured levels; between them the fit is
    /// scaled so it passes through both neighbours (or straight lines in log-concurrency without a fit);
    /// outside the measured range the nearest measured level's correction is held.
    /// </summary>
    public double RequestsPerSecondAt(double concurrency)
    {
        if (!(concurrency > 0)) throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, "concurrency must be > 0");
        var upper = 0;
        while (upper < Points.Count && Points[upper].Concurrency < concurrency) upper++;
        if (upper < Points.Count && Points[upper].Concurrency == concurrency) return Points[upper].RequestsPerSecond;

        var below = Points[Math.Max(0, upper - 1)];
        var above = Points[Math.Min(Points.Count - 1, upper)];
        var t = below.Concurrency == above.Concurrency
            ? 0
            : (Math.Log(concurrency) - Math.Log(below.Concurrency)) / (Math.Log(above.Concurrency) - Math.Log(below.Concurrency));
        t = Math.Clamp(t, 0, 1);
        if (Fit is null) return below.RequestsPerSecond + t * (above.RequestsPerSecond - below.RequestsPerSecond);

        var ratioBelow = below.RequestsPerSecond / Fit.At(below.Concurrency);
        var ratioAbove = above.RequestsPerSecond / Fit.At(above.Concurrency);
        return Fit.At(concurrency) * (ratioBelow + t * (ratioAbove - ratioBelow));
    }

    private static double? MeanOrNull(List<BenchmarkRun> runs, Func<BenchmarkRun, double?> value) =>
        runs.All(r => value(r).HasValue) ? runs.Average(r => value(r)!.Value) : null;
}
