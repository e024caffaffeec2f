using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;

namespace Frontier.Economics.Tests;

/// <summary>What the brute-force reference allocator decided.</summary>
/// <param name="Feasible">Whether some replica vector meets every constraint.</param>
/// <param name="Kind">Which constraint is the obstacle (None when feasible).</param>
/// <param name="ExpectedQuality">Traffic-weighted quality of the best vector.</param>
/// <param name="HourlyCost">Cost of the best vector, including min replicas of unusable candidates.</param>
/// <param name="Replicas">Replicas per candidate, in request order.</param>
/// <param name="CheapestIgnoringBudget">Cheapest vector meeting demand and floor, whatever the budget; null when none.</param>
internal sealed record BruteForcePlan(
    bool Feasible, Infeasibility Kind, double ExpectedQuality, double HourlyCost, int[] Replicas, double? CheapestIgnoringBudget);

/// <summary>
/// Reference allocator for small instances: tries every replica vector. Each usable candidate runs at its
/// highest-throughput operating point meeting the service level; traffic fills candidates in descending
/// quality. MaxQuality maximises expected quality, then minimises cost; MinCost minimises cost with expected
/// quality at least the floor, then maximises quality. Demand must be positive.
/// </summary>
internal static class BruteForceAllocator
{
    private sealed record Best(int[] Replicas, double Value, double Cost);

    public static BruteForcePlan Solve(AllocationRequest request)
    {
        var candidates = request.Candidates;
        var demand = request.DemandRequestsPerSecond;
        if (!(demand > 0)) throw new ArgumentException("the reference allocator needs demand > 0", nameof(request));
        var serviceLevel = request.ServiceLevel ?? ServiceLevel.None;
        var budget = request.MaxHourlyCost ?? double.PositiveInfinity;
        var none = new BruteForcePlan(false, Infeasibility.NoCandidates, 0, 0, [], null);
        if (candidates.Count == 0) return none;

        var capacity = candidates
            .Select(c => c.Points.Where(serviceLevel.IsMetBy).Select(p => p.RequestsPerSecond).DefaultIfEmpty(0).Max())
            .ToArray();
        var minimum = candidates.Select(c => c.MinReplicas).ToArray();
        if (capacity.All(x => x == 0)) return none with { Kind = Infeasibility.ServiceLevelUnreachable, Replicas = minimum };

        var best = Search(request, capacity, demand, budget, request.QualityFloor, request.Objective);
        if (best is not null)
            return new BruteForcePlan(true, Infeasibility.None, best.Value / demand, best.Cost, best.Replicas, null);

        var coverable = Search(request, capacity, demand, double.PositiveInfinity, null, Objective.MinCost);
        if (coverable is null) return none with { Kind = Infeasibility.DemandExceedsCapacity, Replicas = minimum };
        var cheapest = Search(request, capacity, demand, double.PositiveInfinity, request.QualityFloor, Objective.MinCost);
        if (cheapest is null) return none with { Kind = Infeasibility.QualityFloorUnreachable, Replicas = minimum };
        var minimumCost = candidates.Sum(c => c.MinReplicas * c.HourlyCostPerReplica);
        // Same tolerance as the budget test on plans, so a budget equal to the minimum (to rounding) is not below it.
        var kind = minimumCost > budget + 1e-9 * Math.Max(1, budget) ? Infeasibility.BudgetBelowMinimumReplicas : Infeasibility.BudgetTooSmallForDemand;
        return none with { Kind = kind, Replicas = minimum, CheapestIgnoringBudget = cheapest.Cost };
    }

    private static Best? Search(AllocationRequest request, double[] capacity, double demand, double budget, double? floor, Objective objective)
    {
        var candidates = request.Candidates;
        var n = candidates.Count;
        var byQuality = Enumerable.Range(0, n).Where(i => capacity[i] > 0).OrderByDescending(i => candidates[i].Quality).ToArray();
        var eps = 1e-9 * Math.Max(1, demand);
        var floorValue = floor is { } f ? f * demand : double.NegativeInfinity;
        var replicas = new int[n];
        Best? best = null;

        void Visit(int i)
        {
            if (i == n)
            {
                Consider();
                return;
            }
            // Candidates without a usable point keep (and pay for) their minimum.
            var max = capacity[i] > 0 ? candidates[i].MaxReplicas : candidates[i].MinReplicas;
            for (var r = candidates[i].MinReplicas; r <= max; r++)
            {
                replicas[i] = r;
                Visit(i + 1);
            }
        }

        void Consider()
        {
            double cost = 0;
            for (var i = 0; i < n; i++) cost += replicas[i] * candidates[i].HourlyCostPerReplica;
            double value = 0, need = demand;
            foreach (var i in byQuality)
            {
                var take = Math.Min(replicas[i] * capacity[i], need);
                value += take * candidates[i].Quality;
                need -= take;
            }
            if (need > eps || cost > budget + 1e-9 * Math.Max(1, budget) || value < floorValue - eps) return;
            if (best is not null && !Better(objective, value, cost, best)) return;
            best = new Best((int[])replicas.Clone(), value, cost);
        }

        Visit(0);
        return best;
    }

    private static bool Better(Objective objective, double value, double cost, Best best)
    {
        var valueEps = 1e-9 * Math.Max(1, Math.Abs(best.Value));
        var costEps = 1e-9 * Math.Max(1, Math.Abs(best.Cost));
        var moreValue = value > best.Value + valueEps;
        var sameValue = Math.Abs(value - best.Value) <= valueEps;
        var cheaper = cost < best.Cost - costEps;
        var sameCost = Math.Abs(cost - best.Cost) <= costEps;
        return objective == Objective.MaxQuality
            ? moreValue || (sameValue && cheaper)
            : cheaper || (sameCost && moreValue);
    }
}
