using System.Globalization;
using BenchmarkDotNet.Attributes;
using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;

namespace Frontier.Benchmarks;

/// <summary>
/// What the operator does for one route: build every candidate's production curve from its benchmark
/// (32 concurrency levels each) and plan replicas with <see cref="Allocator.Plan"/>. Objective MaxQuality
/// under a TTFT objective that rules out the top concurrency levels, demand at 45% of the route's
/// capacity (so several candidates are needed), and a budget 10% or 30% below what the unbudgeted best
/// plan costs (it binds), or 25% above it (it does not).
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private const int Seed = 20251030;

    private PlanScenario _scenario = null!;

    /// <summary>Candidates in the route.</summary>
    [Params(10, 100, 1000)]
    public int Candidates { get; set; }

    /// <summary>Generates the route, fixes demand and budgets, and checks that every benchmarked plan is feasible and exact.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _scenario = PlanScenario.Create(Candidates, Seed);
        Console.WriteLine($"// PlanBenchmarks setup: {_scenario.Describe()}");
    }

    /// <summary>The unavoidable work: one production curve per candidate.</summary>
    [Benchmark(Baseline = true)]
    public ProductionCurve[] BuildCurves() => _scenario.Route.BuildCurves();

    /// <summary>Curves, then the plan under a budget that binds (the search trades quality for cost).</summary>
    [Benchmark]
    public AllocationPlan Plan() => _scenario.Route.Plan(_scenario.Demand, Objective.MaxQuality, _scenario.BindingBudget);

    /// <summary>Curves, then the plan under a budget 30% below what the unbudgeted plan costs.</summary>
    [Benchmark]
    public AllocationPlan PlanDeepCut() => _scenario.Route.Plan(_scenario.Demand, Objective.MaxQuality, _scenario.DeepBudget);

    /// <summary>Curves, then the plan under a budget above what the best plan costs.</summary>
    [Benchmark]
    public AllocationPlan PlanLooseBudget() => _scenario.Route.Plan(_scenario.Demand, Objective.MaxQuality, _scenario.LooseBudget);
}

/// <summary>A route with its demand and budgets, checked to give feasible, exact plans.</summary>
internal sealed class PlanScenario
{
    /// <summary>Share of the route's capacity (every candidate at replicas.max, at its best point under the SLO) that is demanded.</summary>
    public const double DemandShare = 0.45;

    /// <summary>How far below the unbudgeted best plan's cost the binding budget sits: 10%.</summary>
    public const double BindingCut = 0.10;

    /// <summary>A deeper cut, 30% below the unbudgeted best plan, where the search trades much more quality for cost.</summary>
    public const double DeepCut = 0.30;

    /// <summary>The loose budget, as a multiple of the unbudgeted best plan's cost.</summary>
    public const double LooseFactor = 1.25;

    private PlanScenario(SyntheticRoute route, int candidates, double demand, double bindingBudget, double looseBudget,
        AllocationPlan unbudgeted, AllocationPlan binding, AllocationPlan loose, int sloCutsTop)
    {
        Route = route;
        CandidateCount = candidates;
        Demand = demand;
        BindingBudget = bindingBudget;
        LooseBudget = looseBudget;
        Unbudgeted = unbudgeted;
        Binding = binding;
        Loose = loose;
        SloCutsTop = sloCutsTop;
    }

    public SyntheticRoute Route { get; }
    public int CandidateCount { get; }
    public double Demand { get; }
    public double BindingBudget { get; }
    public double LooseBudget { get; }
    public double DeepBudget { get; private init; }
    public AllocationPlan Deep { get; private init; } = null!;
    public AllocationPlan Unbudgeted { get; }
    public AllocationPlan Binding { get; }
    public AllocationPlan Loose { get; }

    /// <summary>Candidates whose top concurrency level misses the SLO.</summary>
    public int SloCutsTop { get; }

    public static PlanScenario Create(int candidates, int seed)
    {
        var route = SyntheticRoute.Generate(candidates, seed);
        var curves = route.BuildCurves();
        var sloCutsTop = curves.Count(c => !SyntheticRoute.Slo.IsMetBy(c.Points[^1]));
        if (sloCutsTop < candidates / 2)
            throw new InvalidOperationException($"the SLO excludes the top concurrency level of only {sloCutsTop} of {candidates} candidates");

        var capacity = 0.0;
        for (var i = 0; i < curves.Length; i++)
        {
            var best = curves[i].Points.Where(SyntheticRoute.Slo.IsMetBy).Select(p => p.RequestsPerSecond).DefaultIfEmpty(0).Max();
            capacity += route.Replicas[i].Max * best;
        }
        var demand = DemandShare * capacity;

        var unbudgeted = Checked(route.Plan(demand, Objective.MaxQuality, null), "best (MaxQuality, no budget)");
        var bindingBudget = (1 - BindingCut) * unbudgeted.HourlyCost;
        var looseBudget = LooseFactor * unbudgeted.HourlyCost;
        var binding = Checked(route.Plan(demand, Objective.MaxQuality, bindingBudget), "binding budget");
        var deepBudget = (1 - DeepCut) * unbudgeted.HourlyCost;
        var deep = Checked(route.Plan(demand, Objective.MaxQuality, deepBudget), "deep-cut budget");
        var loose = Checked(route.Plan(demand, Objective.MaxQuality, looseBudget), "loose budget");

        if (!(binding.ExpectedQuality < unbudgeted.ExpectedQuality - 1e-6))
            throw new InvalidOperationException($"budget {bindingBudget:0.###} does not bind: quality {binding.ExpectedQuality} vs {unbudgeted.ExpectedQuality} unbudgeted");
        if (Math.Abs(loose.ExpectedQuality - unbudgeted.ExpectedQuality) > 1e-6 * unbudgeted.ExpectedQuality)
            throw new InvalidOperationException($"loose budget {looseBudget:0.###} binds: quality {loose.ExpectedQuality} vs {unbudgeted.ExpectedQuality} unbudgeted");
        if (binding.Candidates.Count(c => c.Weight > 0) < 2)
            throw new InvalidOperationException("the binding plan uses a single candidate; demand is too small to need several");

        return new PlanScenario(route, candidates, demand, bindingBudget, looseBudget, unbudgeted, binding, loose, sloCutsTop)
        {
            DeepBudget = deepBudget,
            Deep = deep,
        };
    }

    public string Describe()
    {
        static string Plan(AllocationPlan p) => string.Create(CultureInfo.InvariantCulture,
            $"nodes={p.SearchNodes} cost=${p.HourlyCost:0.##}/h quality={p.ExpectedQuality:0.###} serving={p.Candidates.Count(c => c.Weight > 0)}");
        return string.Create(CultureInfo.InvariantCulture,
            $"candidates={CandidateCount} demand={Demand:0.#} req/s sloCutsTop={SloCutsTop} | unbudgeted: {Plan(Unbudgeted)} | binding budget ${BindingBudget:0.##}/h: {Plan(Binding)} | deep cut ${DeepBudget:0.##}/h: {Plan(Deep)} | loose budget ${LooseBudget:0.##}/h: {Plan(Loose)}");
    }

    private static AllocationPlan Checked(AllocationPlan plan, string what)
    {
        if (!plan.Feasible) throw new InvalidOperationException($"{what}: plan is infeasible ({plan.Infeasibility}: {plan.Reason})");
        if (!plan.Exact) throw new InvalidOperationException($"{what}: search hit the node limit after {plan.SearchNodes} nodes; the plan is not exact");
        return plan;
    }
}
