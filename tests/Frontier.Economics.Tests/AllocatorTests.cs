using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;
using static Frontier.Economics.Tests.TestData;

namespace Frontier.Economics.Tests;

/// <summary>The allocator on hand-checked routes: each infeasibility, the objectives, validation.</summary>
public class AllocatorTests
{
    // Good: quality 0.9, $4/h, 10 req/s a replica. Cheap: quality 0.6, $1/h, 10 req/s a replica.
    private static AllocationCandidate Good(int min = 0, int max = 3) => Simple("good", 0.9, 4, 10, min, max);
    private static AllocationCandidate Cheap(int min = 0, int max = 3) => Simple("cheap", 0.6, 1, 10, min, max);

    private static AllocationPlan Plan(double demand, Objective objective, double? budget = null, double? floor = null, ServiceLevel? slo = null, params AllocationCandidate[] candidates) =>
        Allocator.Plan(new AllocationRequest(candidates, demand, objective, budget, floor, slo));

    [Fact]
    public void MaxQuality_prefers_two_replicas_of_the_good_model_over_a_cheaper_mix()
    {
        // 15 req/s within $8/h: good×2 ($8, quality 0.9) beats good+cheap ($5, 0.8) and cheap×2 ($2, 0.6).
        var plan = Plan(15, Objective.MaxQuality, budget: 8, candidates: [Good(), Cheap()]);
        Assert.True(plan.Feasible);
        Assert.Equal(Infeasibility.None, plan.Infeasibility);
        Assert.Equal(2, plan.For("good").Replicas);
        Assert.Equal(0, plan.For("cheap").Replicas);
        Assert.Equal(1, plan.For("good").Weight, 12);
        Assert.Equal(8, plan.HourlyCost, 12);
        Assert.Equal(0.9, plan.ExpectedQuality, 12);
        Assert.Equal(20, plan.For("good").CapacityRequestsPerSecond, 12);
        Assert.Equal(15, plan.ServedRequestsPerSecond);
        Assert.True(plan.Exact);
        Assert.Contains("highest expected quality", plan.Reason);
    }

    [Fact]
    public void MaxQuality_falls_back_to_the_mix_when_two_good_replicas_are_over_budget()
    {
        // Good fills first (10 req/s), cheap takes the other 5: quality (10×0.9 + 5×0.6)/15 = 0.8.
        var plan = Plan(15, Objective.MaxQuality, budget: 7.99, candidates: [Good(), Cheap()]);
        Assert.True(plan.Feasible);
        Assert.Equal((1, 1), (plan.For("good").Replicas, plan.For("cheap").Replicas));
        Assert.Equal(5, plan.HourlyCost, 12);
        Assert.Equal(0.8, plan.ExpectedQuality, 12);
        Assert.Equal(10 / 15.0, plan.For("good").Weight, 12);
        Assert.Equal(5 / 15.0, plan.For("cheap").Weight, 12);
    }

    [Fact]
    public void MinCost_takes_the_cheapest_plan_then_respects_the_floor()
    {
        var cheapest = Plan(15, Objective.MinCost, candidates: [Good(), Cheap()]);
        Assert.Equal((0, 2), (cheapest.For("good").Replicas, cheapest.For("cheap").Replicas));
        Assert.Equal(2, cheapest.HourlyCost, 12);
        Assert.Equal(0.6, cheapest.ExpectedQuality, 12);

        var floored = Plan(15, Objective.MinCost, floor: 0.75, candidates: [Good(), Cheap()]);
        Assert.Equal((1, 1), (floored.For("good").Replicas, floored.For("cheap").Replicas));
        Assert.Equal(5, floored.HourlyCost, 12);
        Assert.Equal(0.8, floored.ExpectedQuality, 12);
        Assert.Contains("quality ≥ 0.75", floored.Reason);
    }

    [Fact]
    public void MinCost_breaks_cost_ties_towards_quality()
    {
        // One "big" replica ($2/h, 20 req/s, 0.7) or two cheap ones ($2/h, 20 req/s, 0.6): same cost.
        var plan = Plan(15, Objective.MinCost, candidates: [Cheap(), Simple("big", 0.7, 2, 20)]);
        Assert.Equal(2, plan.HourlyCost, 12);
        Assert.Equal(0.7, plan.ExpectedQuality, 12);
        Assert.Equal(1, plan.For("big").Replicas);
    }

    [Fact]
    public void Candidates_run_at_their_fastest_point_meeting_the_service_level()
    {
        var model = Candidate("m", 0.8, 3.6, 0, 4,
            Point(1, 2, ttft: 0.3), Point(4, 6, ttft: 1.0), Point(8, 8, ttft: 3.0));
        var plan = Plan(10, Objective.MinCost, slo: new ServiceLevel(MaxTtftSeconds: 2), candidates: [model]);
        var m = plan.For("m");
        Assert.Equal(2, m.Replicas);          // 6 req/s a replica at c=4; c=8 is faster but breaks TTFT
        Assert.Equal(4, m.ConcurrencyPerReplica);
        Assert.Equal(8, m.MaxInFlight);
        Assert.Equal(12, m.CapacityRequestsPerSecond, 12);
        Assert.Equal(3.6 / (3600 * 6), m.CostPerRequestUsd!.Value, 15);

        var unconstrained = Plan(10, Objective.MinCost, candidates: [model]).For("m");
        Assert.Equal((8, 2, 16), (unconstrained.ConcurrencyPerReplica, unconstrained.Replicas, unconstrained.MaxInFlight));
    }

    [Fact]
    public void Candidates_missing_the_service_level_keep_their_minimum_and_get_no_traffic()
    {
        var slow = Candidate("slow", 0.95, 5, 1, 3, Point(1, 100, ttft: 9));
        var plan = Plan(15, Objective.MaxQuality, slo: new ServiceLevel(MaxTtftSeconds: 2), candidates: [slow, Good()]);
        Assert.True(plan.Feasible);
        var s = plan.For("slow");
        Assert.Equal((1, 0.0, 0), (s.Replicas, s.Weight, s.ConcurrencyPerReplica));
        Assert.Contains("TTFT ≤ 2 s", s.Note);
        Assert.Equal(5 + 8, plan.HourlyCost, 12);
        Assert.Equal(0.9, plan.ExpectedQuality, 12);
    }

    [Fact]
    public void No_candidates()
    {
        var plan = Plan(5, Objective.MaxQuality);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.NoCandidates, plan.Infeasibility);
        Assert.Contains("spec.candidates", plan.Reason);
        Assert.Equal(0, plan.HourlyCost);
        Assert.Empty(plan.Candidates);
    }

    [Fact]
    public void Service_level_unreachable()
    {
        var slow = Candidate("slow", 0.9, 4, 1, 3, Point(2, 10, ttft: 5), Point(8, 20, ttft: 9));
        var unmeasured = Candidate("unmeasured", 0.8, 2, 0, 3, Point(1, 10));
        var plan = Plan(5, Objective.MaxQuality, slo: new ServiceLevel(MaxTtftSeconds: 2), candidates: [slow, unmeasured]);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.ServiceLevelUnreachable, plan.Infeasibility);
        Assert.Contains("spec.slo", plan.Reason);
        Assert.Contains("slow: at c=2 TTFT 5 s > 2 s", plan.Reason);
        Assert.Contains("unmeasured: at c=1 TTFT was not measured", plan.Reason);
        Assert.Equal(4, plan.HourlyCost, 12); // the minimum replicas still run
        Assert.Equal(0, plan.ServedRequestsPerSecond);
        Assert.Null(plan.CheapestFeasibleHourlyCost);
    }

    [Fact]
    public void Demand_exceeds_capacity()
    {
        // At most 3 + 3 replicas × 10 req/s = 60 req/s.
        var plan = Plan(75, Objective.MaxQuality, candidates: [Good(), Cheap()]);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.DemandExceedsCapacity, plan.Infeasibility);
        Assert.Contains("replicas.max", plan.Reason);
        Assert.Contains("60 req/s", plan.Reason);
        Assert.Null(plan.CheapestFeasibleHourlyCost);
        Assert.InRange(plan.ServedRequestsPerSecond, 60 * (1 - 1e-3), 60);
        Assert.Equal((3, 3), (plan.For("good").Replicas, plan.For("cheap").Replicas));
        Assert.DoesNotContain("budget", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Demand_beyond_capacity_and_budget_names_both()
    {
        // Every replica (3 good at $4/h, 3 cheap at $1/h) costs $15/h; the budget is $10/h.
        var plan = Plan(75, Objective.MaxQuality, budget: 10, candidates: [Good(), Cheap()]);
        Assert.Equal(Infeasibility.DemandExceedsCapacity, plan.Infeasibility);
        Assert.Contains("raise replicas.max", plan.Reason, StringComparison.Ordinal);
        Assert.Contains("the budget is short too: every candidate at replicas.max costs $15/h against spec.budget.maxHourlyCost $10/h", plan.Reason, StringComparison.Ordinal);
        Assert.True(plan.HourlyCost <= 10 + 1e-9, $"best effort stays within budget: ${plan.HourlyCost}/h");
    }

    [Fact]
    public void Budget_below_minimum_replicas()
    {
        // Two good replicas are the minimum: $8/h against a $5/h budget.
        var plan = Plan(5, Objective.MaxQuality, budget: 5, candidates: [Good(min: 2), Cheap()]);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.BudgetBelowMinimumReplicas, plan.Infeasibility);
        Assert.Contains("maxHourlyCost", plan.Reason);
        Assert.Contains("replicas.min", plan.Reason);
        Assert.Equal(8, plan.CheapestFeasibleHourlyCost!.Value, 12);
        Assert.True(plan.CheapestFeasibleHourlyCost > 5);
        Assert.True(plan.ServedRequestsPerSecond < 5);
        Assert.Equal(8, plan.HourlyCost, 12);
    }

    [Fact]
    public void Quality_floor_unreachable()
    {
        // Even all traffic on the good model (0.9) cannot reach 0.95.
        var plan = Plan(15, Objective.MinCost, floor: 0.95, candidates: [Good(), Cheap()]);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.QualityFloorUnreachable, plan.Infeasibility);
        Assert.Contains("qualityFloor", plan.Reason);
        Assert.Contains("0.9", plan.Reason);
        Assert.Null(plan.CheapestFeasibleHourlyCost);
    }

    [Fact]
    public void Quality_floor_unreachable_because_good_replicas_run_out()
    {
        // 45 req/s: good serves at most 30, cheap the other 15 → (30×0.9 + 15×0.6)/45 = 0.8 < 0.85.
        var plan = Plan(45, Objective.MinCost, floor: 0.85, candidates: [Good(), Cheap()]);
        Assert.Equal(Infeasibility.QualityFloorUnreachable, plan.Infeasibility);
        Assert.Contains("0.8,", plan.Reason);
    }

    [Fact]
    public void Budget_too_small_for_demand()
    {
        // 25 req/s needs three cheap replicas ($3/h); $2/h serves only 20.
        var plan = Plan(25, Objective.MinCost, budget: 2, candidates: [Cheap()]);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.BudgetTooSmallForDemand, plan.Infeasibility);
        Assert.Contains("maxHourlyCost", plan.Reason);
        Assert.Equal(3, plan.CheapestFeasibleHourlyCost!.Value, 12);
        Assert.True(plan.CheapestFeasibleHourlyCost > 2);
        Assert.True(plan.ServedRequestsPerSecond < 25);
        Assert.InRange(plan.ServedRequestsPerSecond, 20 * (1 - 1e-3), 20);
        Assert.True(plan.HourlyCost <= 2);
        Assert.Equal(2, plan.For("cheap").Replicas);
    }

    [Fact]
    public void Budget_too_small_for_demand_at_the_floor()
    {
        // 15 req/s at quality ≥ 0.75 needs good+cheap ($5/h); $4/h cannot pay for it though cheap×2 would serve.
        var plan = Plan(15, Objective.MinCost, budget: 4, floor: 0.75, candidates: [Good(), Cheap()]);
        Assert.Equal(Infeasibility.BudgetTooSmallForDemand, plan.Infeasibility);
        Assert.Equal(5, plan.CheapestFeasibleHourlyCost!.Value, 12);
        Assert.Contains("quality ≥ 0.75", plan.Reason);
        // Best effort keeps every request served within budget and gives up the floor instead: cheap × 2.
        Assert.Equal(15, plan.ServedRequestsPerSecond, 9);
        Assert.True(plan.ExpectedQuality < 0.75);
        Assert.True(plan.HourlyCost <= 4);
    }

    [Fact]
    public void Zero_demand_runs_only_the_minimum_replicas()
    {
        var plan = Plan(0, Objective.MaxQuality, candidates: [Good(min: 0), Cheap(min: 1)]);
        Assert.True(plan.Feasible);
        Assert.Equal((0, 1), (plan.For("good").Replicas, plan.For("cheap").Replicas));
        Assert.Equal(1, plan.HourlyCost, 12);
        Assert.Equal(0, plan.ServedRequestsPerSecond);
        // With no traffic all the weight goes to the best candidate that runs.
        Assert.Equal(1, plan.For("cheap").Weight);
        Assert.Equal(0, plan.For("good").Weight);
        Assert.Equal(1, plan.Candidates.Sum(c => c.Weight), 12);
    }

    [Fact]
    public void Zero_demand_within_a_budget_below_the_minimum_is_infeasible()
    {
        var plan = Plan(0, Objective.MinCost, budget: 0.5, candidates: [Cheap(min: 1)]);
        Assert.Equal(Infeasibility.BudgetBelowMinimumReplicas, plan.Infeasibility);
        Assert.Equal(1, plan.CheapestFeasibleHourlyCost!.Value, 12);
    }

    [Fact]
    public void A_large_finite_budget_behaves_like_no_budget()
    {
        // $1e10/h buys 2.5e9 replicas at $4/h: more than an int holds (an earlier search overflowed here).
        var unlimited = Plan(25, Objective.MaxQuality, candidates: [Good(min: 1)]);
        var huge = Plan(25, Objective.MaxQuality, budget: 1e10, candidates: [Good(min: 1)]);
        Assert.True(unlimited.Feasible);
        Assert.Equal(3, unlimited.For("good").Replicas);
        Assert.True(huge.Feasible, $"{huge.Infeasibility}: {huge.Reason}");
        Assert.Equal(3, huge.For("good").Replicas);
    }

    [Fact]
    public void A_tiny_demand_is_served_by_one_replica()
    {
        var plan = Plan(1e-8, Objective.MinCost, candidates: [Simple("m", 0.8, 1, 10)]);
        Assert.True(plan.Feasible, $"{plan.Infeasibility}: {plan.Reason}");
        Assert.Equal(1, plan.For("m").Replicas);
    }

    [Fact]
    public void A_small_demand_is_served_by_one_replica()
    {
        var plan = Plan(1e-3, Objective.MinCost, candidates: [Simple("m", 0.8, 1, 10)]);
        Assert.True(plan.Feasible);
        Assert.Equal(1, plan.For("m").Replicas);
        Assert.Equal(1, plan.For("m").Weight);
    }

    [Fact]
    public void A_search_cut_short_by_its_node_limit_is_marked_not_exact()
    {
        var plan = Allocator.Plan(new AllocationRequest([Good(), Cheap()], 15, Objective.MaxQuality, NodeLimit: 1));
        Assert.False(plan.Exact);
    }

    [Fact]
    public void A_search_cut_short_before_any_plan_is_not_blamed_on_the_budget()
    {
        // The root relaxation puts all 15 req/s on 1.5 good replicas; rounded up that is $8/h, over $7.99/h,
        // and one node allows no branching. The $5/h good+cheap plan exists, so the budget is not the obstacle.
        var plan = Allocator.Plan(new AllocationRequest([Good(), Cheap()], 15, Objective.MaxQuality, MaxHourlyCost: 7.99, NodeLimit: 1));
        Assert.False(plan.Exact);
        Assert.Equal(Infeasibility.SearchLimitReached, plan.Infeasibility);
        if (plan.CheapestFeasibleHourlyCost is { } cheapest) Assert.True(cheapest > 7.99, $"cheapest ${cheapest}/h is within the budget");
    }

    [Fact]
    public void A_budget_exactly_equal_to_the_minimum_replicas_is_not_below_them()
    {
        // Minimum replicas cost 0.1 + 0.2 + 0.3 = $0.6/h, exactly the budget (though 0.1 + 0.2 + 0.3 sums to
        // 0.6000000000000001 in doubles); 5 req/s needs more replicas than that, so the budget is short for the demand.
        var plan = Plan(5, Objective.MinCost, budget: 0.6, candidates:
            [Simple("a", 0.9, 0.1, 1, min: 1), Simple("b", 0.8, 0.2, 1, min: 1), Simple("c", 0.7, 0.3, 1, min: 1)]);
        Assert.False(plan.Feasible);
        Assert.Equal(Infeasibility.BudgetTooSmallForDemand, plan.Infeasibility);
    }

    [Fact]
    public void A_budget_exactly_equal_to_the_minimum_replicas_admits_them()
    {
        // The search itself treats $0.6/h of minimum replicas as within a $0.6/h budget.
        var plan = Plan(3, Objective.MinCost, budget: 0.6, candidates:
            [Simple("a", 0.9, 0.1, 1, min: 1), Simple("b", 0.8, 0.2, 1, min: 1), Simple("c", 0.7, 0.3, 1, min: 1)]);
        Assert.True(plan.Feasible, $"{plan.Infeasibility}: {plan.Reason}");
        Assert.Equal(0.6, plan.HourlyCost, 12);
    }

    [Fact]
    public void Min_replicas_above_max_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, candidates: [Good(min: 3, max: 2)]));
        Assert.Contains("min=3 max=2", e.Message);
    }

    [Fact]
    public void Malformed_requests_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Plan(-1, Objective.MaxQuality, candidates: [Good()]));
        Assert.Throws<ArgumentException>(() => Plan(double.NaN, Objective.MaxQuality, candidates: [Good()]));
        Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, budget: -1, candidates: [Good()]));
        Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, candidates: [Good(min: -1)]));
        Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, candidates: [Good(), Good()]));
        Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, candidates: [Simple("free", 0.9, 0, 10)]));
        Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, candidates: [Simple("stalled", 0.9, 1, 0)]));
        Assert.Throws<ArgumentException>(() => Plan(5, Objective.MaxQuality, candidates: [Candidate("c0", 0.9, 1, 0, 1, Point(0, 5))]));
        Assert.Throws<ArgumentException>(() => Allocator.Plan(new AllocationRequest([Good()], 5, Objective.MaxQuality, NodeLimit: 0)));
        Assert.Throws<ArgumentNullException>(() => Allocator.Plan(null!));
    }
}
