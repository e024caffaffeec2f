using System.Globalization;
using Frontier.Economics.Curves;

namespace Frontier.Economics.Allocation;

/// <summary>
/// Chooses replicas, traffic weights and per-replica concurrency for a route's candidates.
/// <para>
/// Each candidate runs at its best operating point under the service level: the highest throughput per
/// replica, which is also its lowest cost per request. Replicas are integers within bounds; a replica's
/// capacity is its throughput there. The search is exact (see <see cref="ReplicaSearch"/>). When no plan
/// meets every constraint the result says which one and, where the budget is the obstacle, what the
/// cheapest plan meeting the rest would cost; its allocation then serves as much demand as it can.
/// </para>
/// </summary>
public static class Allocator
{
    /// <summary>Plans for <paramref name="request"/>. Throws <see cref="ArgumentException"/> on malformed input.</summary>
    public static AllocationPlan Plan(AllocationRequest request)
    {
        Validate(request);
        var serviceLevel = request.ServiceLevel ?? ServiceLevel.None;
        var candidates = request.Candidates;
        if (candidates.Count == 0)
            return Empty(request, Infeasibility.NoCandidates, "the route has no candidates; add at least one under spec.candidates");

        var bestPoints = candidates.Select(c => BestPoint(c, serviceLevel)).ToArray();
        var units = Enumerable.Range(0, candidates.Count)
            .Where(i => bestPoints[i] is not null)
            .Select(i => new ReplicaSearch.Unit(i, candidates[i].Quality, bestPoints[i]!.RequestsPerSecond, candidates[i].HourlyCostPerReplica, candidates[i].MinReplicas, candidates[i].MaxReplicas))
            .OrderByDescending(u => u.Quality).ThenBy(u => u.PricePerRps).ThenBy(u => u.Index)
            .ToList();
        var fixedCost = Enumerable.Range(0, candidates.Count).Where(i => bestPoints[i] is null)
            .Sum(i => candidates[i].MinReplicas * candidates[i].HourlyCostPerReplica);
        var budget = request.MaxHourlyCost ?? double.PositiveInfinity;
        var demand = request.DemandRequestsPerSecond;

        if (units.Count == 0)
        {
            var why = string.Join("; ", candidates.Select(c => $"{c.Name}: {WhyNoPoint(c, serviceLevel)}"));
            return Empty(request, Infeasibility.ServiceLevelUnreachable, $"no candidate has a benchmarked concurrency meeting {serviceLevel} ({why}); relax spec.slo or add faster candidates");
        }

        var search = new ReplicaSearch(units, demand, budget, request.QualityFloor, request.Objective, fixedCost, request.NodeLimit).Run();
        if (search.Found)
            return Build(request, units, bestPoints, search, demand, feasible: true, Infeasibility.None, FeasibleReason(request, search), cheapest: null);

        var tally = new SearchTally(search);
        var (kind, reason, cheapest) = search.Exact
            ? Diagnose(request, units, fixedCost, budget, demand, tally)
            : (Infeasibility.SearchLimitReached, SearchLimitReason(request), null);
        var (served, fallback) = BestEffort(request, units, fixedCost, budget, demand, tally);
        return Build(request, units, bestPoints, fallback, served, feasible: false, kind, reason, cheapest) with
        {
            Exact = tally.Exact,
            SearchNodes = tally.Nodes,
        };
    }

    private static void Validate(AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Candidates);
        if (!(request.DemandRequestsPerSecond >= 0) || !double.IsFinite(request.DemandRequestsPerSecond))
            throw new ArgumentException($"demand must be a finite number ≥ 0, got {request.DemandRequestsPerSecond}", nameof(request));
        if (request.MaxHourlyCost is { } b && !(b >= 0))
            throw new ArgumentException($"budget must be ≥ 0, got {b}", nameof(request));
        if (request.NodeLimit < 1) throw new ArgumentException("node limit must be ≥ 1", nameof(request));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in request.Candidates)
        {
            if (!names.Add(c.Name)) throw new ArgumentException($"candidate name {c.Name} appears twice", nameof(request));
            if (c.MinReplicas < 0 || c.MaxReplicas < c.MinReplicas)
                throw new ArgumentException($"candidate {c.Name}: replicas must satisfy 0 ≤ min ≤ max, got min={c.MinReplicas} max={c.MaxReplicas}", nameof(request));
            if (!(c.HourlyCostPerReplica > 0) || !double.IsFinite(c.HourlyCostPerReplica))
                throw new ArgumentException($"candidate {c.Name}: hourly cost per replica must be > 0, got {c.HourlyCostPerReplica}", nameof(request));
            if (!double.IsFinite(c.Quality)) throw new ArgumentException($"candidate {c.Name}: quality must be finite", nameof(request));
            if (c.Points.Any(p => !(p.RequestsPerSecond > 0) || p.Concurrency < 1))
                throw new ArgumentException($"candidate {c.Name}: every operating point needs concurrency ≥ 1 and throughput > 0", nameof(request));
        }
    }

    private static OperatingPoint? BestPoint(AllocationCandidate candidate, ServiceLevel serviceLevel)
    {
        OperatingPoint? best = null;
        foreach (var p in candidate.Points)
        {
            if (!serviceLevel.IsMetBy(p)) continue;
            if (best is null || p.RequestsPerSecond > best.RequestsPerSecond) best = p;
        }
        return best;
    }

    private static string WhyNoPoint(AllocationCandidate candidate, ServiceLevel serviceLevel) =>
        candidate.Points.Count == 0
            ? "no operating points"
            : $"at c={candidate.Points.MinBy(p => p.Concurrency)!.Concurrency} {serviceLevel.WhyNotMetBy(candidate.Points.MinBy(p => p.Concurrency)!)}";

    private static (Infeasibility, string, double?) Diagnose(AllocationRequest request, List<ReplicaSearch.Unit> units, double fixedCost, double budget, double demand, SearchTally tally)
    {
        var maxCapacity = units.Sum(u => u.Max * u.Capacity);
        if (maxCapacity < demand * (1 - 1e-9))
        {
            // Serving all that capacity takes every replica; when the budget cannot pay for that, say so as well,
            // or raising replicas.max alone would only move the problem to the budget.
            var costAtMax = fixedCost + units.Sum(u => u.Max * u.Hourly);
            var budgetToo = costAtMax > budget + 1e-9 * Math.Max(1, budget)
                ? Invariant($"; the budget is short too: every candidate at replicas.max costs ${costAtMax:0.###}/h against spec.budget.maxHourlyCost ${budget:0.###}/h")
                : string.Empty;
            return (Infeasibility.DemandExceedsCapacity, Invariant($"demand {demand:0.###} req/s exceeds the {maxCapacity:0.###} req/s that every candidate at replicas.max can serve; raise replicas.max or add candidates{budgetToo}"), null);
        }

        var minimumCost = fixedCost + units.Sum(u => u.Min * u.Hourly);
        var unlimited = tally.Add(new ReplicaSearch(units, demand, double.PositiveInfinity, request.QualityFloor, Objective.MinCost, fixedCost, request.NodeLimit).Run());
        if (!unlimited.Found && !unlimited.Exact)
            return (Infeasibility.SearchLimitReached, SearchLimitReason(request), null);
        if (!unlimited.Found)
        {
            // Enough capacity exists, so only the floor can be out of reach whatever the budget.
            var bestQuality = BestQualityAtMaxReplicas(units, demand);
            return (Infeasibility.QualityFloorUnreachable, Invariant($"the best expected quality for {demand:0.###} req/s is {bestQuality:0.###}, below the quality floor {request.QualityFloor:0.###}, even at replicas.max; lower spec.qualityFloor or raise replicas.max of better candidates"), null);
        }
        var cheapest = unlimited.Cost;
        if (minimumCost > budget + 1e-9 * Math.Max(1, budget))
            return (Infeasibility.BudgetBelowMinimumReplicas, Invariant($"replicas.min of the candidates alone cost ${minimumCost:0.###}/h, over the budget of ${budget:0.###}/h; raise spec.budget.maxHourlyCost to at least ${cheapest:0.###}/h or lower replicas.min"), cheapest);
        var what = request.QualityFloor is { } f ? Invariant($"{demand:0.###} req/s at expected quality ≥ {f:0.###}") : Invariant($"{demand:0.###} req/s");
        return (Infeasibility.BudgetTooSmallForDemand, Invariant($"serving {what} costs at least ${cheapest:0.###}/h, over the budget of ${budget:0.###}/h; raise spec.budget.maxHourlyCost or accept less traffic"), cheapest);
    }

    private static string SearchLimitReason(AllocationRequest request) =>
        Invariant($"the plan search stopped at its limit of {request.NodeLimit} nodes before finding a plan; reduce the candidates or their replicas.max ranges");

    private static double BestQualityAtMaxReplicas(List<ReplicaSearch.Unit> unitsByQuality, double demand)
    {
        if (demand <= 0) return unitsByQuality[0].Quality;
        double value = 0, need = demand;
        foreach (var u in unitsByQuality)
        {
            var take = Math.Min(u.Max * u.Capacity, need);
            value += take * u.Quality;
            need -= take;
        }
        return value / demand;
    }

    /// <summary>
    /// The plan that serves the most demand within the budget (ignoring the quality floor), then the best
    /// quality: one more search with an extra "unserved" candidate that absorbs whatever the real ones
    /// cannot take, at quality far below any real one.
    /// </summary>
    private static (double Served, ReplicaSearch.Result Plan) BestEffort(AllocationRequest request, List<ReplicaSearch.Unit> units, double fixedCost, double budget, double demand, SearchTally tally)
    {
        var lowest = units.Min(u => u.Quality);
        var offset = 1000 * (units.Max(u => u.Quality) - lowest + 1) - lowest;
        var withUnserved = units.Select(u => u with { Quality = u.Quality + offset })
            .Append(new ReplicaSearch.Unit(-1, 0, Math.Max(demand, 1e-9), 0, 1, 1))
            .ToList();
        var result = tally.Add(new ReplicaSearch(withUnserved, demand, budget, null, Objective.MaxQuality, fixedCost, request.NodeLimit).Run());
        if (!result.Found)
        {
            var minimum = tally.Add(new ReplicaSearch(units, 0, double.PositiveInfinity, null, Objective.MinCost, fixedCost, request.NodeLimit).Run());
            return (0, minimum);
        }
        var served = 0.0;
        for (var k = 0; k < units.Count; k++) served += result.Replicas[k] * units[k].Capacity;
        var replicas = result.Replicas[..units.Count];
        return (Math.Min(served, demand), result with { Replicas = replicas });
    }

    private static AllocationPlan Build(
        AllocationRequest request, List<ReplicaSearch.Unit> units, OperatingPoint?[] bestPoints, ReplicaSearch.Result result,
        double served, bool feasible, Infeasibility kind, string reason, double? cheapest)
    {
        var candidates = request.Candidates;
        var replicas = candidates.Select(c => c.MinReplicas).ToArray();
        for (var k = 0; k < units.Count; k++) replicas[units[k].Index] = result.Replicas[k];

        // Traffic fills the best candidates first; with no demand, all of it goes to the best one that runs.
        var assigned = new double[candidates.Count];
        var need = served;
        foreach (var u in units)
        {
            var take = Math.Min(replicas[u.Index] * u.Capacity, need);
            assigned[u.Index] = take;
            need -= take;
        }
        var total = assigned.Sum();
        var weights = total > 0 ? assigned.Select(a => a / total).ToArray() : new double[candidates.Count];
        if (total <= 0)
        {
            var target = units.FirstOrDefault(u => replicas[u.Index] > 0, units[0]);
            weights[target.Index] = 1;
        }

        var allocations = new List<CandidateAllocation>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var point = bestPoints[i];
            var hourly = replicas[i] * c.HourlyCostPerReplica;
            allocations.Add(point is null
                ? new CandidateAllocation(c.Name, replicas[i], 0, 0, 0, 0, null, c.Quality, hourly, $"no operating point meets {request.ServiceLevel ?? ServiceLevel.None}")
                : new CandidateAllocation(c.Name, replicas[i], weights[i], point.Concurrency, replicas[i] * point.Concurrency,
                    replicas[i] * point.RequestsPerSecond, c.HourlyCostPerReplica / (3600 * point.RequestsPerSecond), c.Quality, hourly));
        }
        var expectedQuality = Enumerable.Range(0, candidates.Count).Sum(i => weights[i] * candidates[i].Quality);
        return new AllocationPlan(feasible, kind, reason, allocations.Sum(a => a.HourlyCost), expectedQuality,
            request.DemandRequestsPerSecond, served, cheapest, result.Exact, result.Nodes, allocations);
    }

    private static string FeasibleReason(AllocationRequest request, ReplicaSearch.Result result)
    {
        var demand = request.DemandRequestsPerSecond;
        var budget = request.MaxHourlyCost is { } b ? Invariant($" within ${b:0.###}/h") : string.Empty;
        return request.Objective == Objective.MaxQuality
            ? Invariant($"highest expected quality for {demand:0.###} req/s{budget} at ${result.Cost:0.###}/h")
            : Invariant($"cheapest plan for {demand:0.###} req/s{budget}{(request.QualityFloor is { } f ? Invariant($" with expected quality ≥ {f:0.###}") : string.Empty)}: ${result.Cost:0.###}/h");
    }

    private static AllocationPlan Empty(AllocationRequest request, Infeasibility kind, string reason) =>
        new(false, kind, reason, request.Candidates.Sum(c => c.MinReplicas * c.HourlyCostPerReplica), 0, request.DemandRequestsPerSecond, 0, null, true, 0,
            request.Candidates.Select(c => new CandidateAllocation(c.Name, c.MinReplicas, 0, 0, 0, 0, null, c.Quality, c.MinReplicas * c.HourlyCostPerReplica, reason)).ToList());

    /// <summary>Adds up the work and exactness of every search one plan needed.</summary>
    private sealed class SearchTally(ReplicaSearch.Result first)
    {
        public long Nodes { get; private set; } = first.Nodes;

        public bool Exact { get; private set; } = first.Exact;

        public ReplicaSearch.Result Add(ReplicaSearch.Result result)
        {
            Nodes += result.Nodes;
            Exact &= result.Exact;
            return result;
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
