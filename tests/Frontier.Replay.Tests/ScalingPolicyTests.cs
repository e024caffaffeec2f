using Frontier.Api.Routes;
using Frontier.Planning;

namespace Frontier.Replay.Tests;

/// <summary>The shared control-loop policy: headroom, scale-down stabilization and startup lookahead.</summary>
public sealed class ScalingPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_settings_it_plans_for_the_measured_demand()
    {
        var policy = new ScalingPolicy(ScalingSettings.None);
        Assert.Equal(10, policy.DemandToPlan(T0, 10));
        Assert.Equal(3, policy.DemandToPlan(T0.AddSeconds(30), 3));
    }

    [Fact]
    public void Headroom_multiplies_the_demand()
    {
        var policy = new ScalingPolicy(new ScalingSettings(0.25, TimeSpan.Zero, 0));
        Assert.Equal(12.5, policy.DemandToPlan(T0, 10), 9);
    }

    [Fact]
    public void A_dip_is_held_for_the_window_then_followed()
    {
        var policy = new ScalingPolicy(new ScalingSettings(0, TimeSpan.FromMinutes(5), 0));
        policy.DemandToPlan(T0, 20);
        Assert.Equal(20, policy.DemandToPlan(T0.AddMinutes(4), 5));
        Assert.Equal(20, policy.DemandToPlan(T0.AddMinutes(5), 5));
        Assert.Equal(5, policy.DemandToPlan(T0.AddMinutes(5.5), 5));
    }

    [Fact]
    public void A_rise_is_extrapolated_over_the_startup_but_a_fall_is_not()
    {
        var policy = new ScalingPolicy(new ScalingSettings(0, TimeSpan.Zero, 60));
        policy.DemandToPlan(T0, 10);
        Assert.Equal(16, policy.DemandToPlan(T0.AddSeconds(30), 12), 9); // +2 in 30 s → +4 more by the time a replica started now serves
        Assert.Equal(6, policy.DemandToPlan(T0.AddSeconds(60), 6), 9);
    }

    [Fact]
    public void The_defaults_are_ten_percent_five_minutes_and_a_minute_of_startup()
    {
        Assert.Equal(new ScalingSettings(0.1, TimeSpan.FromMinutes(5), 60), ScalingSettings.From(null));
        Assert.Equal(new ScalingSettings(0.1, TimeSpan.Zero, 60), ScalingSettings.From(new ScalingSpec { ScaleDownStabilization = "0s" }));
        Assert.Equal(new ScalingSettings(0.3, TimeSpan.FromMinutes(2), 0), ScalingSettings.From(new ScalingSpec { Headroom = 0.3, ScaleDownStabilization = "2m", StartupSeconds = 0 }));
    }
}
