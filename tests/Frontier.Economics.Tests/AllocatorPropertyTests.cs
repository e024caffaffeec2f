using System.Globalization;
using CsCheck;
using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;

namespace Frontier.Economics.Tests;

/// <summary>
/// Random small routes: the allocator's plans keep their invariants and match a brute-force search over
/// every replica vector.
/// </summary>
public class AllocatorPropertyTests
{
    private sealed record RawCandidate(double Quality, double Hourly, int Min, int Extra, OperatingPoint[] Points);

    // Each figure is sometimes drawn from a coarse set so that ties (equal quality, equal cost, a budget
    // or demand landing exactly on a plan) are common rather than vanishingly rare. Figures are rounded to
    // three decimals, as real scores and prices are: both searches treat values within 1e-9 as ties, and
    // differences just above that (a quality of 4e-11, say) would make "the best plan" depend on visit order.
    private static Gen<double> Rounded(double low, double high) => Gen.Double[low, high].Select(x => Math.Round(x, 3));
    private static readonly Gen<double> Quality = Gen.Frequency((3, Rounded(0, 1)), (1, Gen.OneOf(0.5, 0.6, 0.7, 0.8)));
    private static readonly Gen<double> Hourly = Gen.Frequency((3, Rounded(0.2, 10)), (1, Gen.OneOf(1.0, 2.0, 3.0, 4.0)));
    private static readonly Gen<double> Throughput = Gen.Frequency((3, Rounded(0.2, 20)), (1, Gen.OneOf(1.0, 2.0, 2.5, 5.0)));
    private static readonly Gen<double?> Ttft = Gen.Double[0.05, 3].Nullable(0.15);

    private static readonly Gen<OperatingPoint> PointGen =
        Gen.Select(Gen.Int[1, 64], Throughput, Ttft, (c, x, t) => TestData.Point(c, x, t));

    private static readonly Gen<RawCandidate> CandidateGen =
        from quality in Quality
        from hourly in Hourly
        from min in Gen.Int[0, 2]
        from extra in Gen.Int[0, 3]
        from points in PointGen.Array[1, 4]
        select new RawCandidate(quality, hourly, min, extra, points);

    private static readonly Gen<AllocationRequest> Instances =
        from raws in CandidateGen.Array[1, 4]
        from objective in Gen.Enum<Objective>()
        from sloMode in Gen.Int[0, 2]
        from slo in Gen.Double[0.1, 3]
        from demandMode in Gen.Int[0, 3]
        from demandShare in Gen.Double[0.01, 1.3]
        from budgetMode in Gen.Int[0, 3]
        from budgetShare in Gen.Double[0, 1.2]
        from floorMode in Gen.Int[0, 3]
        from floorValue in Gen.Double[0, 1]
        from pick in Gen.Int[0, 1 << 20]
        select Build(raws, objective, sloMode, slo, demandMode, demandShare, budgetMode, budgetShare, floorMode, floorValue, pick);

    private static AllocationRequest Build(
        RawCandidate[] raws, Objective objective, int sloMode, double slo, int demandMode, double demandShare,
        int budgetMode, double budgetShare, int floorMode, double floorValue, int pick)
    {
        var candidates = raws.Select((r, i) => new AllocationCandidate($"c{i}", r.Quality, r.Hourly, r.Min, r.Min + r.Extra, r.Points)).ToArray();
        var serviceLevel = sloMode switch { 0 => null, 1 => new ServiceLevel(MaxTtftSeconds: slo), _ => ServiceLevel.None };
        var meets = serviceLevel ?? ServiceLevel.None;
        var capacity = candidates.Select(c => c.Points.Where(meets.IsMetBy).Select(p => p.RequestsPerSecond).DefaultIfEmpty(0).Max()).ToArray();

        // A replica vector chosen by `pick`, used to put a demand or a budget exactly on a plan.
        var vector = candidates.Select((c, i) => c.MinReplicas + pick / (int)Math.Pow(5, i) % (c.MaxReplicas - c.MinReplicas + 1)).ToArray();
        var vectorCapacity = vector.Select((r, i) => r * capacity[i]).Sum();
        var vectorCost = vector.Select((r, i) => r * candidates[i].HourlyCostPerReplica).Sum();

        var fullCapacity = candidates.Select((c, i) => c.MaxReplicas * capacity[i]).Sum();
        if (fullCapacity == 0) fullCapacity = candidates.Sum(c => c.MaxReplicas * c.Points.Max(p => p.RequestsPerSecond));
        if (fullCapacity == 0) fullCapacity = 1;
        var demand = demandMode == 3 && vectorCapacity > 0 ? vectorCapacity : Math.Max(0.01, demandShare * fullCapacity);

        var fullCost = candidates.Sum(c => c.MaxReplicas * c.HourlyCostPerReplica);
        double? budget = budgetMode switch { 0 => null, 3 => vectorCost, _ => budgetShare * fullCost };
        double? floor = floorMode switch { 0 or 1 => null, 2 => floorValue, _ => candidates[pick % candidates.Length].Quality };
        return new AllocationRequest(candidates, demand, objective, budget, floor, serviceLevel);
    }

    private static string Describe(AllocationRequest r)
    {
        static string F(double? x) => x is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "null";
        var candidates = string.Join(",\n  ", r.Candidates.Select(c =>
            $"new(\"{c.Name}\", {F(c.Quality)}, {F(c.HourlyCostPerReplica)}, {c.MinReplicas}, {c.MaxReplicas}, [" +
            string.Join(", ", c.Points.Select(p => $"Point({p.Concurrency}, {F(p.RequestsPerSecond)}, {F(p.MeanTtftSeconds)})")) + "])"));
        var slo = r.ServiceLevel is null ? "null" : $"new ServiceLevel({F(r.ServiceLevel.MaxTtftSeconds)}, {F(r.ServiceLevel.MaxLatencySeconds)})";
        return $"new AllocationRequest([\n  {candidates}],\n  {F(r.DemandRequestsPerSecond)}, Objective.{r.Objective}, {F(r.MaxHourlyCost)}, {F(r.QualityFloor)}, {slo})";
    }

    /// <summary>
    /// Equal within 1e-6 relative. Both searches treat values within 1e-9 (absolute below 1) as ties, so
    /// tiny figures also get that much absolute slack; <paramref name="scale"/> converts it to the figure's
    /// unit (1/demand for expected quality, whose tie test is on quality × demand).
    /// </summary>
    private static void AssertClose(double expected, double actual, double scale, string what, AllocationRequest request, BruteForcePlan brute, AllocationPlan plan)
    {
        var tolerance = 1e-6 * Math.Max(Math.Abs(expected), Math.Abs(actual)) + 2e-9 * scale;
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{what}: brute force {expected:R} vs allocator {actual:R}\nbrute replicas [{string.Join(", ", brute.Replicas)}], " +
            $"allocator replicas [{string.Join(", ", plan.Candidates.Select(c => c.Replicas))}]\n{Describe(request)}");
    }

    [Fact]
    public void Plans_agree_with_brute_force_on_feasibility_and_objective()
    {
        Instances.Sample(request =>
        {
            var plan = Allocator.Plan(request);
            var brute = BruteForceAllocator.Solve(request);
            Assert.True(plan.Exact, "the search hit its node limit on a tiny instance");
            Assert.True(brute.Feasible == plan.Feasible,
                $"brute force feasible={brute.Feasible} ({brute.Kind}) but allocator feasible={plan.Feasible} ({plan.Infeasibility}: {plan.Reason})\n{Describe(request)}");
            if (brute.Feasible)
            {
                AssertClose(brute.ExpectedQuality, plan.ExpectedQuality, Math.Max(1, 1 / request.DemandRequestsPerSecond), "expected quality", request, brute, plan);
                AssertClose(brute.HourlyCost, plan.HourlyCost, 1, "hourly cost", request, brute, plan);
            }
            else
            {
                Assert.True(brute.Kind == plan.Infeasibility,
                    $"brute force says {brute.Kind}, allocator {plan.Infeasibility}: {plan.Reason}\n{Describe(request)}");
                if (brute.CheapestIgnoringBudget is { } cheapest)
                    AssertClose(cheapest, plan.CheapestFeasibleHourlyCost ?? double.NaN, 1, "cheapest feasible cost", request, brute, plan);
            }
        }, iter: 3000, print: Describe);
    }

    [Fact]
    public void Plans_keep_their_invariants()
    {
        Instances.Sample(request =>
        {
            var plan = Allocator.Plan(request);
            var demand = request.DemandRequestsPerSecond;
            var eps = 1e-9 * Math.Max(1, demand);
            var budget = request.MaxHourlyCost ?? double.PositiveInfinity;

            Assert.Equal(request.Candidates.Select(c => c.Name), plan.Candidates.Select(c => c.Name));
            Assert.True(double.IsFinite(plan.HourlyCost) && plan.HourlyCost >= 0, $"plan cost {plan.HourlyCost}");
            Assert.Equal(plan.Candidates.Sum(c => c.HourlyCost), plan.HourlyCost, 9);
            for (var i = 0; i < request.Candidates.Count; i++)
            {
                var spec = request.Candidates[i];
                var got = plan.Candidates[i];
                Assert.InRange(got.Replicas, spec.MinReplicas, spec.MaxReplicas);
                Assert.Equal(got.Replicas * spec.HourlyCostPerReplica, got.HourlyCost, 12);
                Assert.InRange(got.Weight, 0, 1);
                if (got.ConcurrencyPerReplica > 0)
                {
                    Assert.True(got.CostPerRequestUsd is { } perRequest && double.IsFinite(perRequest) && perRequest > 0, $"{got.Name}: cost per request {got.CostPerRequestUsd}");
                    Assert.Equal(got.Replicas * got.ConcurrencyPerReplica, got.MaxInFlight);
                }
                else
                {
                    Assert.Equal(0, got.Weight);
                    Assert.NotNull(got.Note);
                    Assert.Null(got.CostPerRequestUsd);
                }
            }

            if (plan.Feasible)
            {
                Assert.Equal(Infeasibility.None, plan.Infeasibility);
                Assert.True(plan.HourlyCost <= budget + eps, $"cost {plan.HourlyCost} over budget {budget}\n{Describe(request)}");
                Assert.Equal(demand, plan.ServedRequestsPerSecond);
                Assert.Null(plan.CheapestFeasibleHourlyCost);
                Assert.True(Math.Abs(plan.Candidates.Sum(c => c.Weight) - 1) <= 1e-9, $"weights sum to {plan.Candidates.Sum(c => c.Weight)}");
                foreach (var c in plan.Candidates)
                    Assert.True(c.Weight * demand <= c.CapacityRequestsPerSecond + eps, $"{c.Name}: {c.Weight} × {demand} > {c.CapacityRequestsPerSecond}\n{Describe(request)}");
                var serving = plan.Candidates.Where(c => c.Weight > 0).Sum(c => c.CapacityRequestsPerSecond);
                Assert.True(serving >= demand - eps, $"candidates with traffic serve {serving} < {demand}\n{Describe(request)}");
                if (request.QualityFloor is { } floor)
                    Assert.True(plan.ExpectedQuality >= floor - 1e-9, $"expected quality {plan.ExpectedQuality} under floor {floor}");
            }
            else
            {
                Assert.NotEqual(Infeasibility.None, plan.Infeasibility);
                Assert.False(string.IsNullOrWhiteSpace(plan.Reason));
                // The best-effort plan never drops traffic it could serve: when only the quality floor is
                // out of reach it serves everything at a lower quality; otherwise something is left unserved.
                if (request.QualityFloor is { } missedFloor && plan.ServedRequestsPerSecond >= demand)
                    Assert.True(plan.ExpectedQuality < missedFloor + 1e-9, $"serves all {demand} at quality {plan.ExpectedQuality} ≥ floor {missedFloor} yet infeasible");
                else
                    Assert.True(plan.ServedRequestsPerSecond < demand, $"infeasible plan serves {plan.ServedRequestsPerSecond} of {demand}");
                Assert.True(plan.ServedRequestsPerSecond >= 0);
                var minimumCost = request.Candidates.Sum(c => c.MinReplicas * c.HourlyCostPerReplica);
                if (budget is { } limit && minimumCost <= limit && plan.Infeasibility is not (Infeasibility.ServiceLevelUnreachable or Infeasibility.NoCandidates))
                    Assert.True(plan.HourlyCost <= limit + 1e-9 * Math.Max(1, limit), $"best-effort plan costs {plan.HourlyCost} over budget {limit}");
                if (plan.Infeasibility is Infeasibility.BudgetTooSmallForDemand or Infeasibility.BudgetBelowMinimumReplicas)
                {
                    Assert.NotNull(plan.CheapestFeasibleHourlyCost);
                    Assert.True(plan.CheapestFeasibleHourlyCost > budget, $"cheapest {plan.CheapestFeasibleHourlyCost} is within budget {budget}");
                    Assert.Contains("maxHourlyCost", plan.Reason);
                }
                if (plan.Infeasibility is Infeasibility.BudgetTooSmallForDemand)
                    Assert.True(plan.HourlyCost <= budget + eps, $"best-effort plan costs {plan.HourlyCost} over budget {budget}");
                if (plan.CheapestFeasibleHourlyCost is { } cheapest)
                    Assert.True(double.IsFinite(cheapest) && cheapest >= 0);
            }
        }, iter: 2000, print: Describe);
    }
}
