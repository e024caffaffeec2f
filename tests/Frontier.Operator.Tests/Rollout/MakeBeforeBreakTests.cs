using Frontier.Economics.Allocation;
using Frontier.Planning;

namespace Frontier.Operator.Tests.Rollout;

public sealed class MakeBeforeBreakTests
{
    private static Dictionary<string, int> Target(params (string Name, int Replicas)[] replicas) =>
        replicas.ToDictionary(r => r.Name, r => r.Replicas, StringComparer.Ordinal);

    private static Dictionary<string, ReplicaState> Observed(params (string Name, int Asked, int Ready)[] states) =>
        states.ToDictionary(s => s.Name, s => new ReplicaState(s.Asked, s.Ready), StringComparer.Ordinal);

    [Fact]
    public void A_growing_candidate_asks_for_its_target_at_once_while_a_shrinking_one_keeps_its_ready_replicas()
    {
        // The plan moves from 4 × big to 3 × small; small has nothing ready yet.
        var asks = MakeBeforeBreak.ReplicasToAsk(Target(("big", 1), ("small", 3)), Observed(("big", 4, 4), ("small", 0, 0)));
        Assert.Equal(3, asks["small"]);
        Assert.Equal(4, asks["big"]);
    }

    [Fact]
    public void The_shrinking_candidate_lets_go_once_every_target_is_ready()
    {
        var asks = MakeBeforeBreak.ReplicasToAsk(Target(("big", 1), ("small", 3)), Observed(("big", 4, 4), ("small", 3, 3)));
        Assert.Equal(1, asks["big"]);
        Assert.Equal(3, asks["small"]);
    }

    [Fact]
    public void While_it_waits_a_shrinking_candidate_keeps_only_what_serves_and_lets_its_starting_replicas_go()
    {
        // big asked for 4, only 2 of them are ready: the 2 starting ones are not capacity anyone relies on.
        var asks = MakeBeforeBreak.ReplicasToAsk(Target(("big", 1), ("small", 3)), Observed(("big", 4, 2), ("small", 3, 1)));
        Assert.Equal(2, asks["big"]);
    }

    [Fact]
    public void A_candidate_the_target_leaves_out_asks_for_none_once_nothing_waits()
    {
        var asks = MakeBeforeBreak.ReplicasToAsk(Target(("small", 2)), Observed(("big", 2, 2), ("small", 2, 2)));
        Assert.Equal(0, asks["big"]);
    }

    [Fact]
    public void Serving_caps_are_the_ready_replicas_while_some_target_is_not_ready_and_none_once_all_are()
    {
        var waiting = MakeBeforeBreak.ServingCaps(Target(("big", 1), ("small", 3)), Observed(("big", 4, 4), ("small", 3, 1)));
        Assert.NotNull(waiting);
        Assert.Equal(4, waiting["big"]);
        Assert.Equal(1, waiting["small"]);

        Assert.Null(MakeBeforeBreak.ServingCaps(Target(("big", 1), ("small", 3)), Observed(("big", 4, 4), ("small", 3, 3))));
    }

    [Fact]
    public void A_candidate_whose_readiness_is_not_observed_is_capped_at_its_target_in_the_serving_plan()
    {
        // "url" has no Deployment the operator can read: the plan for the ready capacity must not hand it more than it runs.
        var caps = MakeBeforeBreak.ServingCaps(Target(("url", 2), ("small", 3)), Observed(("small", 3, 1)));
        Assert.Equal(2, caps!["url"]);
        Assert.Equal(1, caps["small"]);
    }

    private static AllocationPlan Serving(params (string Name, int Replicas, double Weight)[] candidates) =>
        new(false, Infeasibility.DemandExceedsCapacity, "not enough ready", 1, 70, 10, 5, null, true, 1,
            candidates.Select(c => new CandidateAllocation(c.Name, c.Replicas, c.Weight, 8, c.Replicas * 8, c.Replicas * 2.0, 0.001, 70, c.Replicas)).ToList());

    [Fact]
    public void A_candidate_without_ready_replicas_gets_no_traffic_and_the_others_share_its_weight()
    {
        var plan = MakeBeforeBreak.WithoutIdle(Serving(("big", 0, 0.25), ("small", 2, 0.25), ("mid", 1, 0.5)));
        Assert.Equal([0, 1 / 3.0, 2 / 3.0], plan.Candidates.Select(c => c.Weight), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void With_nothing_ready_every_weight_is_zero()
    {
        // What the allocator answers when it can serve nothing: all the weight on one candidate, which has no replica.
        var plan = MakeBeforeBreak.WithoutIdle(Serving(("big", 0, 1), ("small", 0, 0)));
        Assert.All(plan.Candidates, c => Assert.Equal(0, c.Weight));
    }
}
