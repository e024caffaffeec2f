using Frontier.Economics.Curves;

namespace Frontier.Economics.Tests;

/// <summary>Detection of diminishing marginal cost and diminishing returns to scale.</summary>
public class PrinciplesTests
{
    private static Principles Detect(Func<double, double> throughput, params int[] concurrencies) =>
        Principles.Detect(ProductionCurve.Build(TestData.FromThroughput(1000, throughput, concurrencies)).Points);

    [Fact]
    public void Both_principles_hold_on_a_saturating_curve()
    {
        var found = Detect(c => 12 * c / (3 + c), 1, 2, 4, 8, 16, 32);
        Assert.True(found.DiminishingMarginalCost.Holds, found.DiminishingMarginalCost.Evidence);
        Assert.True(found.DiminishingReturnsToScale.Holds, found.DiminishingReturnsToScale.Evidence);
    }

    [Fact]
    public void Returns_to_scale_report_first_and_last_elasticity()
    {
        // 400 s, 250 s, 160 s for 100 requests: elasticities ln 1.6 / ln 2 and ln 1.5625 / ln 2.
        var points = ProductionCurve.Build(TestData.Benchmark(100,
            new BenchmarkRun(1, 400), new BenchmarkRun(2, 250), new BenchmarkRun(4, 160))).Points;
        var finding = Principles.Detect(points).DiminishingReturnsToScale;
        Assert.True(finding.Holds);
        Assert.Equal(0.678071905113, finding.First!.Value, 12);
        Assert.Equal(0.643856189775, finding.Last!.Value, 12);
        Assert.Contains("0.68", finding.Evidence);
        Assert.Contains("0.64", finding.Evidence);
        Assert.Contains("c=1→2", finding.Evidence);
        Assert.Contains("c=2→4", finding.Evidence);
    }

    [Fact]
    public void Marginal_cost_reports_the_saving_per_doubling()
    {
        // Cost per request ∝ seconds: 400 → 250 saves 37.5% per doubling, 250 → 160 saves 36%.
        var points = ProductionCurve.Build(TestData.Benchmark(100,
            new BenchmarkRun(1, 400), new BenchmarkRun(2, 250), new BenchmarkRun(4, 160))).Points;
        var finding = Principles.Detect(points).DiminishingMarginalCost;
        Assert.True(finding.Holds);
        Assert.Equal(0.375, finding.First!.Value, 12);
        Assert.Equal(0.36, finding.Last!.Value, 12);
        Assert.Matches(@"falls 60 ?%", finding.Evidence);   // 1 − 160/400
        Assert.Matches(@"37\.5 ?%", finding.Evidence);
        Assert.Matches(@"36\.0 ?%", finding.Evidence);
        Assert.Contains("c=4", finding.Evidence);
    }

    [Theory]
    [InlineData(new[] { 1, 2, 4, 8 })]
    [InlineData(new[] { 1, 3, 7, 10 })]
    [InlineData(new[] { 2, 6, 10, 24, 50 })]
    public void Returns_to_scale_do_not_diminish_when_throughput_is_linear(int[] concurrencies)
    {
        var found = Detect(c => 0.37 * c, concurrencies);
        Assert.False(found.DiminishingReturnsToScale.Holds, found.DiminishingReturnsToScale.Evidence);
        Assert.Equal(1, found.DiminishingReturnsToScale.First!.Value, 9);
        Assert.Equal(1, found.DiminishingReturnsToScale.Last!.Value, 9);
    }

    [Fact]
    public void Marginal_cost_does_not_diminish_with_constant_savings_per_doubling()
    {
        // Linear throughput halves the cost per request at each doubling: the saving does not shrink.
        var found = Detect(c => 0.5 * c, 1, 2, 4, 8);
        Assert.False(found.DiminishingMarginalCost.Holds, found.DiminishingMarginalCost.Evidence);
        Assert.Equal(0.5, found.DiminishingMarginalCost.First!.Value, 12);
        Assert.Equal(0.5, found.DiminishingMarginalCost.Last!.Value, 12);
    }

    [Fact]
    public void Marginal_cost_does_not_diminish_when_cost_per_request_rises()
    {
        // Throughput collapses with concurrency: every request gets dearer.
        var found = Detect(c => 10 / c, 1, 2, 4);
        Assert.False(found.DiminishingMarginalCost.Holds);
        Assert.True(found.DiminishingMarginalCost.First < 0);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 1, 4 })]
    public void Fewer_than_three_levels_show_neither_principle(int[] concurrencies)
    {
        IReadOnlyList<OperatingPoint> points = concurrencies.Length == 0
            ? []
            : ProductionCurve.Build(TestData.FromThroughput(1000, c => 12 * c / (3 + c), concurrencies)).Points;
        var found = Principles.Detect(points);
        foreach (var finding in new[] { found.DiminishingMarginalCost, found.DiminishingReturnsToScale })
        {
            Assert.False(finding.Holds);
            Assert.Null(finding.First);
            Assert.Null(finding.Last);
            Assert.Contains("3", finding.Evidence);
            Assert.Contains($"has {concurrencies.Length}", finding.Evidence);
        }
    }
}
