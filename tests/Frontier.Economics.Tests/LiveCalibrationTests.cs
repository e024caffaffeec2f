using Frontier.Economics.Curves;

namespace Frontier.Economics.Tests;

public sealed class LiveCalibrationTests
{
    private static readonly ProductionCurve Curve = ProductionCurve.Build(TestData.Benchmark(1000,
        new BenchmarkRun(1, 1000),
        new BenchmarkRun(4, 400),
        new BenchmarkRun(16, 250)));

    [Fact]
    public void A_replica_doing_what_the_benchmark_did_has_factor_one()
    {
        var measured = Curve.Points[1];
        Assert.Equal(1.0, LiveCalibration.Factor(Curve, measured.Concurrency, measured.RequestsPerSecond)!.Value, 12);
    }

    [Fact]
    public void Faster_or_slower_production_scales_throughput()
    {
        var at4 = Curve.Points[1].RequestsPerSecond;
        Assert.Equal(1.5, LiveCalibration.Factor(Curve, 4, 1.5 * at4)!.Value, 12);
        Assert.Equal(0.8, LiveCalibration.Factor(Curve, 4, 0.8 * at4)!.Value, 12);
    }

    [Fact]
    public void Implausible_figures_are_clamped()
    {
        var at4 = Curve.Points[1].RequestsPerSecond;
        Assert.Equal(LiveCalibration.MaxCorrection, LiveCalibration.Factor(Curve, 4, 10 * at4));
        Assert.Equal(1 / LiveCalibration.MaxCorrection, LiveCalibration.Factor(Curve, 4, at4 / 10));
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(4, 0)]
    [InlineData(double.NaN, 1)]
    public void Thin_observations_say_nothing(double concurrency, double rps)
    {
        Assert.Null(LiveCalibration.Factor(Curve, concurrency, rps));
    }
}
