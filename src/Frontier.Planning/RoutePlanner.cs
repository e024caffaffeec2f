using Frontier.Api;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;
using Frontier.Economics.Frontier;

namespace Frontier.Planning;

/// <summary>
/// Plans one validated route: resolves each candidate's benchmark and GPU profile, builds the curves,
/// the frontier and the allocation. The CLI's <c>plan</c> and the operator's reconcile both call this.
/// </summary>
public static class RoutePlanner
{
    /// <summary>
    /// Plans <paramref name="route"/> for <paramref name="demandRps"/>; <paramref name="budgetOverride"/> replaces
    /// spec.budget; <paramref name="live"/> (by candidate name) calibrates each curve's throughput to production;
    /// <paramref name="replicaCaps"/> (by candidate name) lowers a candidate's replicas.max (and replicas.min with it, when
    /// it is lower): the replicas that can be scheduled, or that are ready (see <see cref="MakeBeforeBreak"/>).
    /// </summary>
    public static RoutePlan Plan(ModelRoute route, IResourceCatalog catalog, double demandRps, double? budgetOverride = null,
        IReadOnlyDictionary<string, LiveObservation>? live = null, IReadOnlyDictionary<string, int>? replicaCaps = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(catalog);
        var ns = ResourceNames.NamespaceOf(route);
        var spec = route.Spec;
        var serviceLevel = EconomicsMapper.ServiceLevel(spec.Slo);
        var curves = new List<(string, ProductionCurve)>();
        var candidates = new List<AllocationCandidate>();
        var points = new List<CostQualityPoint>();
        var factors = new Dictionary<string, double>(StringComparer.Ordinal);

        foreach (var candidate in spec.Candidates ?? [])
        {
            var benchmark = catalog.FindBenchmark(ns, candidate.Benchmark!)
                ?? throw new InvalidOperationException($"ModelBenchmark {ns}/{candidate.Benchmark} not found; validate references first");
            var benchmarkProfile = Profile(catalog, benchmark.Spec.GpuProfile!);
            var replicaProfile = Profile(catalog, candidate.GpuProfile ?? benchmark.Spec.GpuProfile!);
            var curve = ProductionCurve.Build(EconomicsMapper.ToBenchmarkData(benchmark, benchmarkProfile));
            curves.Add((candidate.Name!, curve));

            // A replica may run k whole copies of the benchmarked GPU set: k times the throughput at k times the concurrency.
            var measuredGpus = curve.Benchmark.Gpus;
            var gpus = candidate.GpusPerReplica ?? measuredGpus;
            var copies = gpus / measuredGpus;
            var hourlyPerReplica = gpus * EconomicsMapper.Hourly(replicaProfile.Spec).Total;
            var factor = live?.TryGetValue(candidate.Name!, out var seen) == true
                ? LiveCalibration.Factor(curve, seen.ConcurrencyPerReplica / copies, seen.RequestsPerSecondPerReplica / copies) ?? 1
                : 1;
            factors[candidate.Name!] = factor;
            var replicaPoints = curve.Points
                .Select(p => p with { Concurrency = p.Concurrency * copies, RequestsPerSecond = p.RequestsPerSecond * copies * factor })
                .ToList();
            var quality = candidate.Quality ?? curve.Benchmark.Quality;
            var (min, max) = (candidate.Replicas?.Min ?? 0, candidate.Replicas?.Max ?? 0);
            if (replicaCaps?.TryGetValue(candidate.Name!, out var cap) == true) (min, max) = (Math.Min(min, Math.Max(0, cap)), Math.Min(max, Math.Max(0, cap)));
            candidates.Add(new AllocationCandidate(candidate.Name!, quality, hourlyPerReplica, min, max, replicaPoints));
            points.AddRange(replicaPoints.Where(serviceLevel.IsMetBy).Select(p =>
                new CostQualityPoint(candidate.Name!, p.Concurrency, p.CostUsd, hourlyPerReplica / (3600 * p.RequestsPerSecond), quality)));
        }

        var request = new AllocationRequest(candidates, demandRps, EconomicsMapper.Objective(spec.Objective),
            budgetOverride ?? spec.Budget?.MaxHourlyCost, spec.QualityFloor, serviceLevel);
        return new RoutePlan(route, curves, ParetoFrontier.Compute(points), Allocator.Plan(request))
        {
            ThroughputFactors = factors,
            Candidates = candidates,
        };
    }

    private static GpuProfile Profile(IResourceCatalog catalog, string name) =>
        catalog.FindGpuProfile(name) ?? throw new InvalidOperationException($"GpuProfile {name} not found; validate references first");
}
