using Frontier.Economics.Curves;
using Frontier.Planning;
using Frontier.Traces;

namespace Frontier.Replay.Tests;

/// <summary>The replay's parts on their own: processor sharing, rate scaling, patterns, the histogram and the spend meter.</summary>
public sealed class SimulationPartsTests
{
    private static CandidatePool Wingpt()
    {
        var plan = RoutePlanner.Plan(Sample.Chat, Sample.Catalog, 1);
        var i = plan.Candidates.ToList().FindIndex(c => c.Name == "wingpt");
        var curve = plan.Curves[i].Curve;
        return new CandidatePool("wingpt", 76.2, 1.58, 2, 1, curve, OperatingZone.Find(curve.Points, Economics.Curves.ServiceLevel.None), 100);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void N_equal_requests_started_together_on_one_replica_finish_together_after_n_over_X_of_n(int n)
    {
        var pool = Wingpt();
        var replica = pool.Add(0, 0);
        for (var k = 0; k < n; k++) replica.Add(new Job(0, 1, 0, null!), 0);

        var expected = n / pool.RequestsPerSecond(n);
        Assert.Equal(expected, replica.NextCompletion(), 9);
    }

    [Fact]
    public void A_request_joining_later_slows_the_one_running_by_processor_sharing()
    {
        var pool = Wingpt();
        var replica = pool.Add(0, 0);
        replica.Add(new Job(0, 1, 0, null!), 0);
        var alone = replica.NextCompletion();
        var half = alone / 2;
        replica.Add(new Job(half, 1, 0, null!), half);

        // Half the work is left, now served at X(2)/2 per request.
        var expected = half + 0.5 / (pool.RequestsPerSecond(2) / 2);
        Assert.Equal(expected, replica.NextCompletion(), 9);
        Assert.True(replica.NextCompletion() > alone);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(1)]
    [InlineData(3.5)]
    public void Rate_scaling_multiplies_the_count_keeps_the_order_and_the_span(double scale)
    {
        var source = Enumerable.Range(0, 4000).Select(i => new TraceRequest(i * 0.5, 10, 20 + (i % 7))).ToList();
        var scaled = RateScaling.Scale(source, scale, 3).ToList();

        Assert.InRange(scaled.Count, source.Count * scale * 0.95, source.Count * scale * 1.05);
        Assert.True(scaled.Zip(scaled.Skip(1)).All(p => p.First.ArrivalSeconds <= p.Second.ArrivalSeconds));
        Assert.True(scaled[^1].ArrivalSeconds <= source[^1].ArrivalSeconds);
        Assert.Equal(scaled, RateScaling.Scale(source, scale, 3));
    }

    [Theory]
    [InlineData(PatternShape.Step, 0.75, 0.25, 5)]
    [InlineData(PatternShape.Spike, 0.5, 0.2, 5)]
    [InlineData(PatternShape.Diurnal, 0.5, 0.03, 5)]
    public void A_pattern_arrives_at_its_rate(PatternShape shape, double late, double early, double ratio)
    {
        var pattern = new SyntheticPattern(shape, 1, 5, 4000);
        var arrivals = pattern.Generate(11).ToList();
        double Rate(double at) => arrivals.Count(a => Math.Abs(a.ArrivalSeconds - at * 4000) < 100) / 200.0;

        Assert.InRange(Rate(late) / Rate(early), ratio * 0.7, ratio * 1.3);
        Assert.Equal(0, arrivals[0].ArrivalSeconds);
        Assert.All(arrivals, a => Assert.True(a.OutputTokens >= 1));
    }

    [Fact]
    public void The_histogram_quantiles_are_within_half_a_percent()
    {
        var h = new LatencyHistogram();
        for (var i = 1; i <= 10000; i++) h.Add(i / 1000.0);

        Assert.InRange(h.Quantile(0.5), 5.0, 5.0 * 1.006);
        Assert.InRange(h.Quantile(0.99), 9.9, 9.9 * 1.006);
    }

    [Fact]
    public void The_spend_meter_counts_minutes_over_budget_and_integrates_cost()
    {
        var meter = new SpendMeter(10);
        meter.Change(0, 8, 2);
        meter.Change(90, 4, 2); // $12/h from 1.5 min: minute 2 over (half of minute 1 at $12/h gives $10/h: not over)
        meter.Change(180, -4, -2);
        meter.Finish(240);

        Assert.Equal(1, meter.MinutesOverBudget);
        Assert.Equal((8 * 240 + 4 * 90) / 3600.0, meter.CostUsd, 9);
        Assert.Equal(2 * 240 + 2 * 90, meter.GpuSeconds, 9);
    }
}
