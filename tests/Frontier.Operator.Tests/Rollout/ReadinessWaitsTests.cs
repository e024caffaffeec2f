using Frontier.Api.Routes;
using Frontier.Planning;

namespace Frontier.Operator.Tests.Rollout;

public sealed class ReadinessWaitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, int> Target(params (string Name, int Replicas)[] replicas) =>
        replicas.ToDictionary(r => r.Name, r => r.Replicas, StringComparer.Ordinal);

    private static Dictionary<string, ReplicaState> Observed(params (string Name, int Asked, int Ready)[] states) =>
        states.ToDictionary(s => s.Name, s => new ReplicaState(s.Asked, s.Ready), StringComparer.Ordinal);

    [Fact]
    public void A_wait_counts_from_the_first_pass_that_sees_the_candidate_short_of_its_target()
    {
        var waits = new ReadinessWaits();
        var first = waits.Observe(Target(("big", 1), ("small", 3)), Observed(("big", 4, 4), ("small", 0, 0)), T0);
        Assert.Equal(TimeSpan.Zero, first["small"]);
        Assert.False(first.ContainsKey("big"));

        var later = waits.Observe(Target(("big", 1), ("small", 3)), Observed(("big", 4, 4), ("small", 3, 1)), T0.AddSeconds(90));
        Assert.Equal(TimeSpan.FromSeconds(90), later["small"]);
    }

    [Fact]
    public void A_target_that_moves_while_the_candidate_waits_does_not_restart_its_wait()
    {
        var waits = new ReadinessWaits();
        waits.Observe(Target(("small", 3)), Observed(("small", 0, 0)), T0);
        var moved = waits.Observe(Target(("small", 4)), Observed(("small", 3, 0)), T0.AddMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(2), moved["small"]);
    }

    [Fact]
    public void Once_the_candidate_is_ready_its_next_wait_starts_afresh()
    {
        var waits = new ReadinessWaits();
        waits.Observe(Target(("small", 3)), Observed(("small", 0, 0)), T0);
        Assert.Empty(waits.Observe(Target(("small", 3)), Observed(("small", 3, 3)), T0.AddMinutes(1)));
        var again = waits.Observe(Target(("small", 5)), Observed(("small", 3, 3)), T0.AddMinutes(10));
        Assert.Equal(TimeSpan.Zero, again["small"]);
    }

    [Fact]
    public void Given_up_are_the_candidates_that_waited_at_least_the_grace()
    {
        var waited = new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { ["a"] = TimeSpan.FromMinutes(3), ["b"] = TimeSpan.FromSeconds(179) };
        var givenUp = MakeBeforeBreak.GivenUp(waited, TimeSpan.FromMinutes(3));
        Assert.Equal(["a"], givenUp.Keys);
        Assert.Equal(new ReplacementOverdue(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3)), givenUp["a"]);
    }

    [Fact]
    public void A_candidate_given_up_no_longer_holds_the_old_replicas_but_one_still_in_its_grace_does()
    {
        var target = Target(("big", 1), ("small", 3), ("mid", 2));
        var observed = Observed(("big", 4, 4), ("small", 3, 0), ("mid", 2, 2));
        Assert.Equal(4, MakeBeforeBreak.ReplicasToAsk(target, observed)["big"]); // within the grace: big keeps what serves
        var asks = MakeBeforeBreak.ReplicasToAsk(target, observed, new HashSet<string> { "small" });
        Assert.Equal(1, asks["big"]);
        Assert.Equal(3, asks["small"]); // it still asks for its target: the Deployment keeps trying

        // mid now grows and waits within its grace: big keeps its ready replicas for mid.
        var both = MakeBeforeBreak.ReplicasToAsk(Target(("big", 1), ("small", 3), ("mid", 3)), observed, new HashSet<string> { "small" });
        Assert.Equal(4, both["big"]);
    }

    [Theory]
    [InlineData(60, 180)]   // the default startup: 3 minutes
    [InlineData(10, 120)]   // fast starts: never below 2 minutes
    [InlineData(0, 120)]
    [InlineData(300, 900)]  // a large model: 15 minutes
    public void The_grace_is_three_startups_and_at_least_two_minutes(double startupSeconds, double graceSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(graceSeconds), ScalingSettings.From(new ScalingSpec { StartupSeconds = startupSeconds }).ReadyGrace);
}
