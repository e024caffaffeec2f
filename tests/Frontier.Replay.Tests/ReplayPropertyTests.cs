using System.Text.Json;
using Frontier.Api.Routes;

namespace Frontier.Replay.Tests;

/// <summary>The properties the issue asks of the replay, over patterns, seeds and budgets.</summary>
public sealed class ReplayPropertyTests
{
    public static TheoryData<PatternShape, int> Cases => new()
    {
        { PatternShape.Step, 1 }, { PatternShape.Diurnal, 2 }, { PatternShape.Spike, 3 }, { PatternShape.Step, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_arrival_is_served_rejected_or_failed_under_every_policy(PatternShape shape, int seed)
    {
        var report = Sample.Replay(new ReplaySettings(Seed: seed), shape: shape, patternSeed: seed);

        Assert.Equal(ReplayPolicy.All.Count, report.Policies.Count);
        foreach (var p in report.Policies)
        {
            Assert.Equal(report.Trace.Requests, p.Arrivals);
            Assert.Equal(p.Arrivals, p.Served + p.Rejected + p.Failed);
            Assert.True(p.Served > 0, p.Policy);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_oracle_is_never_beaten_on_delivered_quality_by_a_policy_within_budget(PatternShape shape, int seed)
    {
        var report = Sample.Replay(new ReplaySettings(Seed: seed), shape: shape, patternSeed: seed);
        var oracle = report.Of(PolicyKind.Oracle);

        Assert.Equal(0, oracle.MinutesOverBudget);
        foreach (var p in report.Policies.Where(p => p.MinutesOverBudget == 0 && p.Policy != oracle.Policy))
            Assert.True(p.DeliveredQuality <= oracle.DeliveredQuality + 1e-9, $"{p.Policy} delivered {p.DeliveredQuality} > oracle {oracle.DeliveredQuality}");
    }

    [Theory]
    [InlineData(6, 9)]
    [InlineData(9, 12)]
    [InlineData(12, 20)]
    public void A_looser_budget_never_lowers_frontiers_quality(double tight, double loose)
    {
        var frontier = new[] { new ReplayPolicy(PolicyKind.Frontier) };
        var atTight = Sample.Replay(new ReplaySettings(RateScale: 1, BudgetOverride: tight), frontier).Of(PolicyKind.Frontier);
        var atLoose = Sample.Replay(new ReplaySettings(RateScale: 1, BudgetOverride: loose), frontier).Of(PolicyKind.Frontier);

        Assert.True(atLoose.MeanQuality >= atTight.MeanQuality - 1e-9, $"${loose}/h: {atLoose.MeanQuality} < ${tight}/h: {atTight.MeanQuality}");
        Assert.True(atLoose.DeliveredQuality >= atTight.DeliveredQuality - 1e-9, $"${loose}/h delivered {atLoose.DeliveredQuality} < ${tight}/h: {atTight.DeliveredQuality}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void With_zero_startup_and_the_oracles_demand_frontier_equals_the_oracle(PatternShape shape, int seed)
    {
        // Zero startup for the replicas and for the policy's lookahead (spec.scaling.startupSeconds), as the oracle has.
        var report = Sample.Replay(new ReplaySettings(StartupSeconds: 0, Seed: seed, Scaling: new ScalingSpec { StartupSeconds = 0 }, FrontierForesight: true),
            [new ReplayPolicy(PolicyKind.Frontier), new ReplayPolicy(PolicyKind.Oracle)], shape, seed);

        var oracle = report.Of(PolicyKind.Oracle);
        var frontier = report.Of(PolicyKind.Frontier);
        Assert.Equal(JsonSerializer.Serialize(oracle with { Policy = "frontier" }), JsonSerializer.Serialize(frontier));
        Assert.Equal(oracle.Timeline.Select(t => (t.Seconds, t.PlannedDemand, string.Join(',', t.Replicas))),
            frontier.Timeline.Select(t => (t.Seconds, t.PlannedDemand, string.Join(',', t.Replicas))));
    }

    [Fact]
    public void Frontier_with_a_startup_delay_is_not_the_oracle()
    {
        // The equality above must come from foresight and zero startup, not from the two policies always agreeing.
        var report = Sample.Replay(new ReplaySettings(StartupSeconds: 120), [new ReplayPolicy(PolicyKind.Frontier), new ReplayPolicy(PolicyKind.Oracle)]);

        Assert.NotEqual(report.Of(PolicyKind.Oracle).Served, report.Of(PolicyKind.Frontier).Served);
    }

    [Fact]
    public void The_same_seed_gives_the_same_replay_and_another_seed_another()
    {
        var a = Sample.Replay(new ReplaySettings(Seed: 5), shape: PatternShape.Diurnal);
        var b = Sample.Replay(new ReplaySettings(Seed: 5), shape: PatternShape.Diurnal);
        var c = Sample.Replay(new ReplaySettings(Seed: 6), shape: PatternShape.Diurnal);

        Assert.Equal(a.Policies.Select(p => (p.Served, p.Rejected, p.Failed, p.CostUsd, p.MeanQuality)), b.Policies.Select(p => (p.Served, p.Rejected, p.Failed, p.CostUsd, p.MeanQuality)));
        Assert.NotEqual(a.Policies.Select(p => (p.Served, p.CostUsd)), c.Policies.Select(p => (p.Served, p.CostUsd)));
    }
}
