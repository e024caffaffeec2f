using Frontier.Economics.Statistics;

namespace Frontier.Economics.Tests;

/// <summary>Percentile bootstrap of a mean.</summary>
public class BootstrapTests
{
    private static readonly double[] Samples = [10.2, 9.8, 10.5, 11.1, 9.4, 10.0, 10.7];

    [Fact]
    public void Estimate_is_the_sample_mean_and_the_interval_contains_it()
    {
        var ci = Bootstrap.MeanInterval(Samples, new Random(1));
        Assert.Equal(Samples.Average(), ci.Estimate, 12);
        Assert.True(ci.Low < ci.Estimate && ci.Estimate < ci.High, ci.ToString());
        Assert.Equal(0.95, ci.Level);
    }

    [Fact]
    public void Interval_lies_within_the_sample_range()
    {
        var ci = Bootstrap.MeanInterval(Samples, new Random(2));
        Assert.InRange(ci.Low, Samples.Min(), Samples.Max());
        Assert.InRange(ci.High, Samples.Min(), Samples.Max());
    }

    [Fact]
    public void Same_seed_gives_the_same_interval()
    {
        Assert.Equal(Bootstrap.MeanInterval(Samples, new Random(7)), Bootstrap.MeanInterval(Samples, new Random(7)));
    }

    [Fact]
    public void Lower_coverage_gives_a_nested_narrower_interval()
    {
        var wide = Bootstrap.MeanInterval(Samples, new Random(3), level: 0.95);
        var narrow = Bootstrap.MeanInterval(Samples, new Random(3), level: 0.5);
        Assert.True(wide.Low < narrow.Low && narrow.High < wide.High, $"{narrow} not inside {wide}");
        Assert.Equal(0.5, narrow.Level);
    }

    [Fact]
    public void Interval_width_is_about_four_standard_errors()
    {
        // Normal approximation: the 95% interval of the mean spans ±1.96 × s/√n with s the population SD.
        var mean = Samples.Average();
        var sd = Math.Sqrt(Samples.Sum(x => (x - mean) * (x - mean)) / Samples.Length);
        var expected = 2 * 1.96 * sd / Math.Sqrt(Samples.Length);
        var ci = Bootstrap.MeanInterval(Samples, new Random(4), resamples: 20_000);
        Assert.InRange(ci.High - ci.Low, expected * 0.85, expected * 1.15);
    }

    [Fact]
    public void Constant_or_single_samples_give_a_degenerate_interval()
    {
        var constant = Bootstrap.MeanInterval([3.0, 3.0, 3.0], new Random(5));
        Assert.Equal((3.0, 3.0, 3.0), (constant.Low, constant.Estimate, constant.High));
        var single = Bootstrap.MeanInterval([4.5], new Random(5));
        Assert.Equal((4.5, 4.5, 4.5), (single.Low, single.Estimate, single.High));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Bootstrap.MeanInterval([], new Random(1)));
        Assert.Throws<ArgumentNullException>(() => Bootstrap.MeanInterval(Samples, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.MeanInterval(Samples, new Random(1), resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.MeanInterval(Samples, new Random(1), level: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.MeanInterval(Samples, new Random(1), level: 0));
    }
}
