using Frontier.Economics.Curves;

namespace Frontier.Economics.Tests;

/// <summary>Cost, throughput, marginal cost and elasticity along one model's concurrency curve.</summary>
public class ProductionCurveTests
{
    // 100 requests on two A800s ($1.58/h): 400 s at c=1, 250 s at c=2, 160 s at c=4.
    private static ProductionCurve ThreeLevels() => ProductionCurve.Build(TestData.Benchmark(100,
        new BenchmarkRun(4, 160), new BenchmarkRun(1, 400), new BenchmarkRun(2, 250)));

    private static double Saturating(double c) => 12 * c / (3 + c);

    [Fact]
    public void Points_are_sorted_by_concurrency()
    {
        Assert.Equal([1, 2, 4], ThreeLevels().Points.Select(p => p.Concurrency));
    }

    [Fact]
    public void Workload_cost_is_gpus_times_hourly_times_seconds()
    {
        var p = ThreeLevels().Points;
        Assert.Equal(0.175555555556, p[0].CostUsd, 12);   // 1.58 × 400 / 3600
        Assert.Equal(0.109722222222, p[1].CostUsd, 12);   // 1.58 × 250 / 3600
        Assert.Equal(0.070222222222, p[2].CostUsd, 12);   // 1.58 × 160 / 3600
        Assert.Equal([400.0, 250.0, 160.0], p.Select(x => x.TotalSeconds));
    }

    [Fact]
    public void Cost_per_request_is_workload_cost_over_requests()
    {
        var p = ThreeLevels().Points;
        Assert.Equal(0.00175555555556, p[0].CostPerRequestUsd, 14);
        Assert.Equal(0.00109722222222, p[1].CostPerRequestUsd, 14);
        Assert.Equal(0.00070222222222, p[2].CostPerRequestUsd, 14);
    }

    [Fact]
    public void Throughput_is_requests_over_seconds()
    {
        var p = ThreeLevels().Points;
        Assert.Equal(0.25, p[0].RequestsPerSecond, 12);
        Assert.Equal(0.4, p[1].RequestsPerSecond, 12);
        Assert.Equal(0.625, p[2].RequestsPerSecond, 12);
    }

    [Fact]
    public void Marginal_cost_is_the_change_in_cost_per_request_per_unit_of_concurrency()
    {
        var p = ThreeLevels().Points;
        Assert.Null(p[0].MarginalCostPerRequest);
        Assert.Equal(-0.000658333333333, p[1].MarginalCostPerRequest!.Value, 14); // (0.0010972 − 0.0017556) / 1
        Assert.Equal(-0.0001975, p[2].MarginalCostPerRequest!.Value, 14);         // (0.0007022 − 0.0010972) / 2
    }

    [Fact]
    public void Elasticity_is_log_throughput_change_over_log_concurrency_change()
    {
        var p = ThreeLevels().Points;
        Assert.Null(p[0].Elasticity);
        Assert.Equal(0.678071905113, p[1].Elasticity!.Value, 12); // ln(0.4/0.25) / ln 2
        Assert.Equal(0.643856189775, p[2].Elasticity!.Value, 12); // ln(0.625/0.4) / ln 2
    }

    [Fact]
    public void Single_runs_have_no_interval()
    {
        Assert.All(ThreeLevels().Points, p =>
        {
            Assert.Equal(1, p.Runs);
            Assert.Null(p.CostPerRequestInterval);
        });
    }

    [Fact]
    public void Repeated_runs_at_one_concurrency_are_averaged()
    {
        var curve = ProductionCurve.Build(TestData.Benchmark(100,
            new BenchmarkRun(1, 400, MeanTtftSeconds: 0.5, MeanLatencySeconds: 4),
            new BenchmarkRun(1, 420, MeanTtftSeconds: 0.7, MeanLatencySeconds: 6),
            new BenchmarkRun(2, 250, MeanTtftSeconds: 0.9)));
        var p = curve.Points[0];
        Assert.Equal(2, curve.Points.Count);
        Assert.Equal(2, p.Runs);
        Assert.Equal(410, p.TotalSeconds, 12);
        Assert.Equal(1.58 * 410 / 3600, p.CostUsd, 12);
        Assert.Equal(100 / 410.0, p.RequestsPerSecond, 12);
        Assert.Equal(0.6, p.MeanTtftSeconds!.Value, 12);
        Assert.Equal(5, p.MeanLatencySeconds!.Value, 12);
        Assert.Equal(0.9, curve.Points[1].MeanTtftSeconds!.Value, 12);
        Assert.Null(curve.Points[1].MeanLatencySeconds);
    }

    [Fact]
    public void A_figure_missing_from_any_run_of_a_level_is_not_averaged()
    {
        var curve = ProductionCurve.Build(TestData.Benchmark(100,
            new BenchmarkRun(1, 400, MeanTtftSeconds: 0.5),
            new BenchmarkRun(1, 420)));
        Assert.Null(curve.Points[0].MeanTtftSeconds);
    }

    [Fact]
    public void Repeated_runs_get_a_bootstrap_interval_around_the_mean()
    {
        var curve = ProductionCurve.Build(TestData.Benchmark(100,
            new BenchmarkRun(1, 400), new BenchmarkRun(1, 420),
            new BenchmarkRun(2, 250), new BenchmarkRun(2, 240), new BenchmarkRun(2, 275),
            new BenchmarkRun(4, 160)));
        foreach (var p in curve.Points.Take(2))
        {
            var ci = p.CostPerRequestInterval!;
            Assert.Equal(p.CostPerRequestUsd, ci.Estimate, 15);
            Assert.True(ci.Low <= ci.Estimate && ci.Estimate <= ci.High, $"{ci} does not contain the mean");
            Assert.True(ci.Low < ci.High);
            Assert.Equal(0.95, ci.Level);
        }
        // Two samples: a quarter of the resamples are all-400 s and a quarter all-420 s, so the
        // 2.5% and 97.5% percentiles are exactly those runs' costs per request.
        var two = curve.Points[0].CostPerRequestInterval!;
        Assert.Equal(1.58 * 400 / 3600 / 100, two.Low, 15);
        Assert.Equal(1.58 * 420 / 3600 / 100, two.High, 15);
        Assert.Equal(3, curve.Points[1].Runs);
        Assert.Null(curve.Points[2].CostPerRequestInterval);
    }

    [Fact]
    public void The_bootstrap_interval_is_the_same_for_the_same_seed()
    {
        var data = TestData.Benchmark(100,
            new BenchmarkRun(2, 250), new BenchmarkRun(2, 240), new BenchmarkRun(2, 275), new BenchmarkRun(2, 262));
        var a = ProductionCurve.Build(data, seed: 42).Points[0].CostPerRequestInterval;
        var b = ProductionCurve.Build(data, seed: 42).Points[0].CostPerRequestInterval;
        Assert.NotNull(a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Building_from_no_runs_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ProductionCurve.Build(TestData.Benchmark(100)));
    }

    [Fact]
    public void Fewer_than_three_levels_have_no_fit()
    {
        var curve = ProductionCurve.Build(TestData.Benchmark(100, new BenchmarkRun(1, 400), new BenchmarkRun(4, 160)));
        Assert.Null(curve.Fit);
    }

    [Fact]
    public void Throughput_at_a_measured_concurrency_is_the_measurement()
    {
        var noisy = new Dictionary<int, double> { [1] = 2.9, [2] = 5.0, [4] = 7.1, [8] = 8.4, [16] = 10.6, [32] = 10.9 };
        var curve = ProductionCurve.Build(TestData.FromThroughput(1000, c => noisy[(int)c], 1, 2, 4, 8, 16, 32));
        Assert.NotNull(curve.Fit);
        foreach (var p in curve.Points)
            Assert.Equal(p.RequestsPerSecond, curve.RequestsPerSecondAt(p.Concurrency));
    }

    [Fact]
    public void Throughput_between_measured_concurrencies_lies_between_the_neighbours()
    {
        var noisy = new Dictionary<int, double> { [1] = 2.9, [2] = 5.0, [4] = 7.1, [8] = 8.4, [16] = 10.6, [32] = 10.9 };
        var curve = ProductionCurve.Build(TestData.FromThroughput(1000, c => noisy[(int)c], 1, 2, 4, 8, 16, 32));
        Assert.NotNull(curve.Fit);
        var points = curve.Points;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            for (var c = points[i].Concurrency + 0.25; c < points[i + 1].Concurrency; c += 0.25)
            {
                var x = curve.RequestsPerSecondAt(c);
                Assert.True(points[i].RequestsPerSecond < x && x < points[i + 1].RequestsPerSecond,
                    $"X({c}) = {x} is not between {points[i].RequestsPerSecond} and {points[i + 1].RequestsPerSecond}");
            }
        }
    }

    [Fact]
    public void Throughput_follows_the_saturating_law_between_and_beyond_points_when_the_data_obey_it()
    {
        var curve = ProductionCurve.Build(TestData.FromThroughput(1000, Saturating, 1, 2, 4, 8, 16));
        Assert.Equal(Saturating(3), curve.RequestsPerSecondAt(3), 6);
        Assert.Equal(Saturating(12), curve.RequestsPerSecondAt(12), 6);
        Assert.Equal(Saturating(64), curve.RequestsPerSecondAt(64), 6);
        Assert.Equal(Saturating(0.5), curve.RequestsPerSecondAt(0.5), 6);
    }

    [Fact]
    public void Without_a_fit_throughput_is_interpolated_linearly_in_log_concurrency_and_held_outside()
    {
        // 0.25 req/s at c=1 and 0.625 at c=4: c=2 is halfway in log(c).
        var curve = ProductionCurve.Build(TestData.Benchmark(100, new BenchmarkRun(1, 400), new BenchmarkRun(4, 160)));
        Assert.Equal(0.4375, curve.RequestsPerSecondAt(2), 12);
        Assert.Equal(0.25, curve.RequestsPerSecondAt(0.5), 12);
        Assert.Equal(0.625, curve.RequestsPerSecondAt(64), 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Throughput_at_a_non_positive_concurrency_is_rejected(double concurrency)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreeLevels().RequestsPerSecondAt(concurrency));
    }

    [Fact]
    public void The_saturating_fit_recovers_xmax_and_k()
    {
        var c = new double[] { 1, 2, 4, 8, 16, 32 };
        var fit = SaturatingFit.TryFit(c, c.Select(Saturating).ToArray());
        Assert.NotNull(fit);
        Assert.Equal(12, fit.MaxRequestsPerSecond, 6);
        Assert.Equal(3, fit.HalfSaturationConcurrency, 6);
        Assert.True(fit.RSquared > 0.999999, $"R² = {fit.RSquared}");
        Assert.Equal(6, fit.At(3), 6);
    }

    [Fact]
    public void The_saturating_fit_recovers_xmax_and_k_within_a_few_percent_from_noisy_points()
    {
        var c = new double[] { 1, 2, 4, 8, 16, 32, 64 };
        double[] noise = [1.02, 0.98, 1.01, 0.99, 1.015, 0.985, 1.0];
        var fit = SaturatingFit.TryFit(c, c.Select((x, i) => 40 * x / (6 + x) * noise[i]).ToArray());
        Assert.NotNull(fit);
        Assert.InRange(fit.MaxRequestsPerSecond, 40 * 0.97, 40 * 1.03);
        Assert.InRange(fit.HalfSaturationConcurrency, 6 * 0.9, 6 * 1.1);
        Assert.True(fit.RSquared > 0.99, $"R² = {fit.RSquared}");
    }

    [Fact]
    public void The_curve_carries_the_fit_of_its_points()
    {
        var curve = ProductionCurve.Build(TestData.FromThroughput(1000, Saturating, 1, 2, 4, 8, 16));
        Assert.NotNull(curve.Fit);
        Assert.Equal(12, curve.Fit.MaxRequestsPerSecond, 5);
        Assert.Equal(3, curve.Fit.HalfSaturationConcurrency, 5);
    }

    [Fact]
    public void The_saturating_fit_needs_three_matching_points()
    {
        Assert.Null(SaturatingFit.TryFit([1, 2], [1, 2]));
        Assert.Null(SaturatingFit.TryFit([1, 2, 4], [1, 2]));
    }
}
