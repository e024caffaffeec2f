using CsCheck;
using Frontier.Economics.Frontier;

namespace Frontier.Economics.Tests;

/// <summary>The cost–quality production frontier: hand cases and CsCheck properties.</summary>
public class ParetoFrontierTests
{
    private static CostQualityPoint P(string name, double costPerRequest, double quality) => new(name, 1, costPerRequest * 100, costPerRequest, quality);

    /// <summary>Continuous points, plus a coarse grid so ties and exact duplicates are common.</summary>
    private static readonly Gen<CostQualityPoint[]> Points =
        Gen.Frequency(
                (2, Gen.Select(Gen.Double[0.001, 10], Gen.Double[0, 1], (c, q) => (c, q))),
                (1, Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], (c, q) => (c * 0.5, q * 0.25))))
            .Select(t => P("p", t.Item1, t.Item2))
            .Array[1, 30]
            .Select(ps => ps.Select((p, i) => p with { Name = $"m{i}" }).ToArray());

    [Fact]
    public void Keeps_only_points_no_other_beats_on_both_cost_and_quality()
    {
        CostQualityPoint[] points = [P("cheap", 1, 0.5), P("dear-worse", 3, 0.4), P("mid", 2, 0.7), P("best", 5, 0.9), P("mid-worse", 2.5, 0.7)];
        Assert.Equal(["cheap", "mid", "best"], ParetoFrontier.Compute(points).Select(p => p.Name));
    }

    [Fact]
    public void Equal_cost_keeps_the_better_and_exact_duplicates_appear_once()
    {
        CostQualityPoint[] points = [P("a", 1, 0.5), P("b", 1, 0.6), P("c", 2, 0.8), P("d", 2, 0.8)];
        var frontier = ParetoFrontier.Compute(points);
        Assert.Equal(2, frontier.Count);
        Assert.Equal("b", frontier[0].Name);
        Assert.Equal((2.0, 0.8), (frontier[1].CostPerRequestUsd, frontier[1].Quality));
    }

    [Fact]
    public void Empty_input_gives_an_empty_frontier()
    {
        Assert.Empty(ParetoFrontier.Compute([]));
    }

    [Fact]
    public void Dominance_needs_strict_improvement_in_one_dimension()
    {
        Assert.True(ParetoFrontier.Dominates(P("a", 1, 0.5), P("b", 2, 0.5)));
        Assert.True(ParetoFrontier.Dominates(P("a", 1, 0.6), P("b", 1, 0.5)));
        Assert.False(ParetoFrontier.Dominates(P("a", 1, 0.5), P("b", 1, 0.5)));
        Assert.False(ParetoFrontier.Dominates(P("a", 1, 0.4), P("b", 2, 0.5)));
    }

    [Fact]
    public void Frontier_points_do_not_dominate_each_other()
    {
        Points.Sample(points =>
        {
            var frontier = ParetoFrontier.Compute(points);
            foreach (var a in frontier)
                foreach (var b in frontier)
                    Assert.False(ParetoFrontier.Dominates(a, b), $"{a} dominates {b}");
        }, iter: 500);
    }

    [Fact]
    public void Every_point_off_the_frontier_is_dominated_by_or_equal_to_a_frontier_point()
    {
        Points.Sample(points =>
        {
            var frontier = ParetoFrontier.Compute(points);
            foreach (var p in points.Where(p => !frontier.Contains(p)))
                Assert.True(
                    frontier.Any(f => ParetoFrontier.Dominates(f, p) || (f.CostPerRequestUsd == p.CostPerRequestUsd && f.Quality == p.Quality)),
                    $"{p} is neither on the frontier nor covered by it");
        }, iter: 500);
    }

    [Fact]
    public void Every_non_dominated_point_is_on_the_frontier()
    {
        Points.Sample(points =>
        {
            var frontier = ParetoFrontier.Compute(points);
            Assert.All(frontier, f => Assert.Contains(f, points));
            foreach (var p in points.Where(p => !points.Any(q => ParetoFrontier.Dominates(q, p))))
                Assert.Contains(frontier, f => f.CostPerRequestUsd == p.CostPerRequestUsd && f.Quality == p.Quality);
        }, iter: 500);
    }

    [Fact]
    public void Frontier_is_sorted_by_cost_with_strictly_rising_quality()
    {
        Points.Sample(points =>
        {
            var frontier = ParetoFrontier.Compute(points);
            Assert.NotEmpty(frontier);
            for (var i = 1; i < frontier.Count; i++)
            {
                Assert.True(frontier[i].CostPerRequestUsd > frontier[i - 1].CostPerRequestUsd, "cost not ascending");
                Assert.True(frontier[i].Quality > frontier[i - 1].Quality, "quality not strictly ascending");
            }
            Assert.Equal(points.Min(p => p.CostPerRequestUsd), frontier[0].CostPerRequestUsd);
            Assert.Equal(points.Max(p => p.Quality), frontier[^1].Quality);
        }, iter: 500);
    }
}
