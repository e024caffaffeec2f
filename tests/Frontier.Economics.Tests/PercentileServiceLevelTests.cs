using Frontier.Economics.Curves;
using static Frontier.Economics.Tests.TestData;

namespace Frontier.Economics.Tests;

/// <summary>spec.slo.statistic: the bound applies to the named percentile of each run, and a missing percentile says so.</summary>
public class PercentileServiceLevelTests
{
    // Throughput keeps growing with concurrency, so without an SLO c=16 is best. Mean latency stays under 1 s
    // everywhere, but the tail at c=16 (p99 1.6 s) does not.
    private static readonly BenchmarkData Data = Benchmark(1000,
        new BenchmarkRun(4, 400, MeanLatencySeconds: 0.4, Percentiles: new LatencyPercentiles(P50LatencySeconds: 0.38, P90LatencySeconds: 0.5, P99LatencySeconds: 0.7)),
        new BenchmarkRun(8, 250, MeanLatencySeconds: 0.6, Percentiles: new LatencyPercentiles(P50LatencySeconds: 0.55, P90LatencySeconds: 0.8, P99LatencySeconds: 0.95)),
        new BenchmarkRun(16, 200, MeanLatencySeconds: 0.9, Percentiles: new LatencyPercentiles(P50LatencySeconds: 0.8, P90LatencySeconds: 1.2, P99LatencySeconds: 1.6)));

    [Theory]
    [InlineData(LatencyStatistic.Mean, 16)]
    [InlineData(LatencyStatistic.P50, 16)]
    [InlineData(LatencyStatistic.P90, 8)]
    [InlineData(LatencyStatistic.P99, 8)]
    public void The_statistic_picks_the_figure_the_bound_applies_to(LatencyStatistic statistic, int best)
    {
        var curve = ProductionCurve.Build(Data);
        var zone = OperatingZone.Find(curve.Points, new ServiceLevel(MaxLatencySeconds: 1.0, Statistic: statistic), tolerance: 0);
        Assert.NotNull(zone);
        Assert.Equal(best, zone.Best.Concurrency);
    }

    [Fact]
    public void A_percentile_the_runs_did_not_measure_is_said_to_be_missing()
    {
        var curve = ProductionCurve.Build(Benchmark(1000, new BenchmarkRun(4, 400, MeanTtftSeconds: 0.1, MeanLatencySeconds: 0.4)));
        var p99 = new ServiceLevel(MaxTtftSeconds: 1, Statistic: LatencyStatistic.P99);
        Assert.False(p99.IsMetBy(curve.Points[0]));
        Assert.Equal("p99 TTFT was not measured", p99.WhyNotMetBy(curve.Points[0]));
        Assert.Equal("p99 TTFT ≤ 1 s", p99.ToString());
        Assert.True(new ServiceLevel(MaxTtftSeconds: 1).IsMetBy(curve.Points[0]));
    }

    [Fact]
    public void Repeated_runs_average_each_percentile_only_when_every_run_has_it()
    {
        var curve = ProductionCurve.Build(Benchmark(1000,
            new BenchmarkRun(4, 400, Percentiles: new LatencyPercentiles(P99TtftSeconds: 0.2, P50LatencySeconds: 0.3)),
            new BenchmarkRun(4, 420, Percentiles: new LatencyPercentiles(P99TtftSeconds: 0.4))));
        var point = Assert.Single(curve.Points);
        Assert.Equal(0.3, point.TtftSeconds(LatencyStatistic.P99)!.Value, 12);
        Assert.Null(point.LatencySeconds(LatencyStatistic.P50));
    }
}
