namespace Frontier.Bench.Tests;

public sealed class DistributionTests
{
    [Fact]
    public void Nearest_rank_percentiles_and_the_mean()
    {
        var d = Distribution.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse())!;
        Assert.Equal(50.5, d.Mean, 9);
        Assert.Equal(50, d.P50);
        Assert.Equal(90, d.P90);
        Assert.Equal(99, d.P99);
        Assert.Null(Distribution.Of([]));
        var one = Distribution.Of([3.0])!;
        Assert.Equal(3.0, one.P99);
    }
}
