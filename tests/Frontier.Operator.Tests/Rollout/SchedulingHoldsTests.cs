using Frontier.Planning;

namespace Frontier.Operator.Tests.Rollout;

public sealed class SchedulingHoldsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unschedulable_candidate_is_capped_at_its_scheduled_pods_for_the_hold_then_released()
    {
        var holds = new SchedulingHolds(TimeSpan.FromMinutes(2));
        holds.Unschedulable("wingpt", 1, "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", T0);

        var held = Assert.Single(holds.Active(T0.AddSeconds(90)));
        Assert.Equal(("wingpt", 1, T0.AddMinutes(2)), (held.Key, held.Value.MaxReplicas, held.Value.Until));
        Assert.Equal("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", held.Value.SchedulerMessage);
        Assert.Empty(holds.Active(T0.AddMinutes(2)));
    }

    [Fact]
    public void Seeing_pods_unschedulable_again_restarts_the_hold_with_the_pods_scheduled_now()
    {
        var holds = new SchedulingHolds(TimeSpan.FromMinutes(2));
        holds.Unschedulable("wingpt", 2, "full", T0);
        holds.Unschedulable("wingpt", 1, "full", T0.AddMinutes(1));
        var held = holds.Active(T0.AddMinutes(2.5))["wingpt"];
        Assert.Equal((1, T0.AddMinutes(3)), (held.MaxReplicas, held.Until));
    }
}
