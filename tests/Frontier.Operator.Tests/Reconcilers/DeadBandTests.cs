using Frontier.Api.Routes;
using Frontier.Operator.Reconcilers;

namespace Frontier.Operator.Tests.Reconcilers;

public sealed class DeadBandTests
{
    [Theory]
    [InlineData(20, 20, false)]
    [InlineData(20, 21, false)]
    [InlineData(20, 19, false)]
    [InlineData(20, 21.01, true)]
    [InlineData(20, 18.99, true)]
    [InlineData(0, 0, false)]
    [InlineData(0, 0.001, true)]
    public void Beyond_is_more_than_five_percent_of_the_previous_value(double before, double after, bool beyond) =>
        Assert.Equal(beyond, DeadBand.Beyond(before, after));

    private static PlanStatus Plan(double cost = 10, double factor = 1, int replicas = 2, double weight = 1) => new()
    {
        HourlyCost = cost,
        ExpectedQuality = 76,
        Candidates = [new PlanCandidateStatus { Name = "a", Replicas = replicas, Weight = weight, ConcurrencyPerReplica = 64, MaxInFlight = 64 * replicas, CostPerRequestUsd = 0.001, ThroughputFactor = factor }],
    };

    [Fact]
    public void A_plan_moves_when_it_routes_scales_or_costs_differently()
    {
        Assert.True(DeadBand.PlanMoved(null, Plan()));
        Assert.False(DeadBand.PlanMoved(Plan(), Plan(cost: 10.4, factor: 1.04)));
        Assert.True(DeadBand.PlanMoved(Plan(), Plan(replicas: 3)));
        Assert.True(DeadBand.PlanMoved(Plan(), Plan(cost: 10.6)));
        Assert.True(DeadBand.PlanMoved(Plan(), Plan(factor: 1.2)));
        Assert.True(DeadBand.PlanMoved(Plan(), Plan(weight: 0.9)));
        var measured = Plan();
        measured.PowerSource = "DCGM for a (mean per GPU of their pods); spec.tco.powerKw elsewhere";
        Assert.True(DeadBand.PlanMoved(Plan(), measured));
    }

    [Fact]
    public void A_frontier_moves_when_a_point_comes_or_goes_or_its_cost_moves()
    {
        List<FrontierPointStatus> Points(double cost, int count = 1) =>
            Enumerable.Range(0, count).Select(i => new FrontierPointStatus { Name = $"p{i}", Concurrency = 64, CostPerRequestUsd = cost, Quality = 70 }).ToList();
        Assert.False(DeadBand.FrontierMoved(Points(0.01), Points(0.0104)));
        Assert.True(DeadBand.FrontierMoved(Points(0.01), Points(0.011)));
        Assert.True(DeadBand.FrontierMoved(Points(0.01), Points(0.01, 2)));
        Assert.True(DeadBand.FrontierMoved(null, Points(0.01)));
    }
}
