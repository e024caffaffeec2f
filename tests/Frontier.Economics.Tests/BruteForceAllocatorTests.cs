using Frontier.Economics.Allocation;
using static Frontier.Economics.Tests.TestData;

namespace Frontier.Economics.Tests;

/// <summary>The reference allocator the property tests trust, checked on routes solved by hand.</summary>
public class BruteForceAllocatorTests
{
    private static readonly AllocationCandidate Good = Simple("good", 0.9, 4, 10, 0, 3);
    private static readonly AllocationCandidate Cheap = Simple("cheap", 0.6, 1, 10, 0, 3);

    [Fact]
    public void MaxQuality_within_budget()
    {
        var plan = BruteForceAllocator.Solve(new AllocationRequest([Good, Cheap], 15, Objective.MaxQuality, MaxHourlyCost: 8));
        Assert.True(plan.Feasible);
        Assert.Equal([2, 0], plan.Replicas);
        Assert.Equal(0.9, plan.ExpectedQuality, 12);
        Assert.Equal(8, plan.HourlyCost, 12);

        var tighter = BruteForceAllocator.Solve(new AllocationRequest([Good, Cheap], 15, Objective.MaxQuality, MaxHourlyCost: 7.99));
        Assert.Equal([1, 1], tighter.Replicas);
        Assert.Equal(0.8, tighter.ExpectedQuality, 12);
    }

    [Fact]
    public void MinCost_at_a_floor()
    {
        var plan = BruteForceAllocator.Solve(new AllocationRequest([Good, Cheap], 15, Objective.MinCost, QualityFloor: 0.75));
        Assert.Equal([1, 1], plan.Replicas);
        Assert.Equal(5, plan.HourlyCost, 12);
    }

    [Fact]
    public void Diagnoses_each_obstacle()
    {
        Assert.Equal(Infeasibility.DemandExceedsCapacity,
            BruteForceAllocator.Solve(new AllocationRequest([Good, Cheap], 75, Objective.MaxQuality)).Kind);
        Assert.Equal(Infeasibility.QualityFloorUnreachable,
            BruteForceAllocator.Solve(new AllocationRequest([Good, Cheap], 15, Objective.MinCost, QualityFloor: 0.95)).Kind);
        var belowMinimum = BruteForceAllocator.Solve(new AllocationRequest([Good with { MinReplicas = 2 }, Cheap], 5, Objective.MinCost, MaxHourlyCost: 5));
        Assert.Equal((Infeasibility.BudgetBelowMinimumReplicas, 8.0), (belowMinimum.Kind, belowMinimum.CheapestIgnoringBudget));
        var tooSmall = BruteForceAllocator.Solve(new AllocationRequest([Cheap], 25, Objective.MinCost, MaxHourlyCost: 2));
        Assert.Equal((Infeasibility.BudgetTooSmallForDemand, 3.0), (tooSmall.Kind, tooSmall.CheapestIgnoringBudget));
    }
}
