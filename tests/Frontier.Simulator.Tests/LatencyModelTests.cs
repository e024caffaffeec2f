using Frontier.Economics.Cost;
using Frontier.Economics.Curves;
using Frontier.Testing;

namespace Frontier.Simulator.Tests;

public class LatencyModelTests
{
    private static LatencyModel Default(double scale = 1) => new(ProductionCurve.Build(ModelSource.DefaultBenchmark()), scale);

    [Theory]
    [InlineData(1, 0.45)]   // 1 / (20·1/9)
    [InlineData(16, 1.2)]   // 16 / (20·16/24)
    [InlineData(128, 6.8)]  // 128 / (20·128/136)
    public void LatencyIsConcurrencyOverThroughput(int c, double expected)
    {
        Assert.Equal(expected, Default().LatencySeconds(c), 6);
        Assert.Equal(expected * 0.01, Default(0.01).LatencySeconds(c), 8);
    }

    [Fact]
    public void LatencyGrowsWithConcurrency()
    {
        var m = Default();
        for (var c = 1; c < 200; c++) Assert.True(m.LatencySeconds(c + 1) > m.LatencySeconds(c), $"c={c}");
        Assert.Equal(m.LatencySeconds(1), m.LatencySeconds(0)); // idle is treated as one in flight
    }

    [Fact]
    public void TtftIsInterpolatedFromTheBenchmark()
    {
        var m = Default(0.5);
        Assert.Equal((0.05 + 0.01 * 4) * 0.5, m.TtftSeconds(4), 9);
        Assert.Equal((0.05 + 0.01 * 1) * 0.5, m.TtftSeconds(0.2), 9);      // held below the range
        Assert.Equal((0.05 + 0.01 * 128) * 0.5, m.TtftSeconds(500), 9);    // held above it
        var between = m.TtftSeconds(Math.Sqrt(4 * 8));                      // halfway in log-concurrency
        Assert.Equal((0.09 + 0.13) / 2 * 0.5, between, 9);
    }

    [Fact]
    public void TtftIsAFractionOfLatencyWithoutMeasurements()
    {
        var runs = new[] { new BenchmarkRun(1, 100), new BenchmarkRun(8, 25) };
        var curve = ProductionCurve.Build(new BenchmarkData("b", "m", 1, 100, 1, HourlyCost.Flat(1), runs));
        var m = new LatencyModel(curve, 1, 64, 0.2);
        Assert.Equal(1.0, m.LatencySeconds(1), 9);
        Assert.Equal(0.2, m.TtftSeconds(1), 9);
        Assert.Equal(0.2 * m.LatencySeconds(8), m.TtftSeconds(8), 9);
    }

    [Fact]
    public void TokensAreSpreadEvenlyAfterTheFirst()
    {
        var m = Default();
        var t = m.Timing(16, 64);
        Assert.Equal(64, t.TokenOffsets.Count);
        Assert.Equal(m.TtftSeconds(16), t.TtftSeconds, 9);
        Assert.Equal(t.TtftSeconds, t.TokenOffsets[0], 9);
        Assert.Equal(m.LatencySeconds(16), t.TotalSeconds, 9);
        Assert.Equal(t.TotalSeconds, t.TokenOffsets[^1], 9);
        var gap = t.TokenOffsets[1] - t.TokenOffsets[0];
        for (var k = 1; k < 64; k++) Assert.Equal(gap, t.TokenOffsets[k] - t.TokenOffsets[k - 1], 9);

        var half = m.Timing(16, 32); // half the tokens, half the decode time
        Assert.Equal(t.TtftSeconds + (t.TotalSeconds - t.TtftSeconds) / 2, half.TotalSeconds, 9);
        var slow = m.Timing(16, 64, 10);
        Assert.Equal(10 * t.TotalSeconds, slow.TotalSeconds, 9);
        Assert.Equal(10 * t.TtftSeconds, slow.TtftSeconds, 9);
        Assert.Single(m.Timing(1, 1).TokenOffsets);
    }

    [Fact]
    public void UtilisationAndPowerFollowLoad()
    {
        var m = Default();
        Assert.Equal(0, m.UtilizationPercent(0));
        Assert.Equal(100 * (20.0 / 9) / (20.0 * 128 / 136), m.UtilizationPercent(1), 6);
        Assert.Equal(100, m.UtilizationPercent(128), 6);
        Assert.Equal(100, m.UtilizationPercent(1000), 6);
        Assert.Equal(60, LatencyModel.PowerWatts(0, 60, 400));
        Assert.Equal(230, LatencyModel.PowerWatts(50, 60, 400));
        Assert.Equal(400, LatencyModel.PowerWatts(100, 60, 400));
    }

    [Fact]
    public void LoadsABenchmarkFromAManifest()
    {
        var file = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml");
        var data = ModelSource.Load(file, "wingpt-3-5");
        Assert.Equal("WiNGPT-3.5", data.Model);
        var m = new LatencyModel(ProductionCurve.Build(data));
        Assert.Equal(6794.5 / 2993, m.LatencySeconds(1), 6);
        Assert.Equal(0.091, m.TtftSeconds(1), 9);
        var e = Assert.Throws<Frontier.Api.Manifests.ManifestException>(() => ModelSource.Load(file, "nope"));
        Assert.Contains("nope", e.Message);
    }
}
