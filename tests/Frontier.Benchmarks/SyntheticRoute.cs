using Frontier.Economics.Allocation;
using Frontier.Economics.Cost;
using Frontier.Economics.Curves;

namespace Frontier.Benchmarks;

/// <summary>
/// A deterministic, synthetic but realistic route: <c>count</c> candidates, each benchmarked at the same
/// 32 concurrency levels, with the replica bounds the operator reads from the route's spec.
/// </summary>
internal sealed class SyntheticRoute
{
    /// <summary>Concurrency levels per benchmark.</summary>
    public const int Levels = 32;

    /// <summary>Requests in each benchmark workload.</summary>
    public const int Requests = 500;

    /// <summary>The latency objective: excludes the top concurrency levels of (nearly) every candidate.</summary>
    public static readonly ServiceLevel Slo = new(MaxTtftSeconds: 1.5);

    private SyntheticRoute(IReadOnlyList<BenchmarkData> benchmarks, IReadOnlyList<(int Min, int Max)> replicas)
    {
        Benchmarks = benchmarks;
        Replicas = replicas;
    }

    /// <summary>One benchmark per candidate (one run per concurrency level).</summary>
    public IReadOnlyList<BenchmarkData> Benchmarks { get; }

    /// <summary>Replica bounds per candidate, in the order of <see cref="Benchmarks"/>.</summary>
    public IReadOnlyList<(int Min, int Max)> Replicas { get; }

    /// <summary>32 distinct concurrency levels from 1 to 256, spaced geometrically (dense and linear at the low end).</summary>
    public static int[] ConcurrencyLevels()
    {
        var levels = new int[Levels];
        for (var k = 0; k < Levels; k++)
        {
            var geometric = (int)Math.Round(Math.Pow(256, k / (double)(Levels - 1)));
            levels[k] = k == 0 ? 1 : Math.Max(levels[k - 1] + 1, geometric);
        }
        return levels;
    }

    /// <summary>
    /// Generates the route. Per replica, throughput follows X(c) = Xmax·c/(K + c) with a mild decline past
    /// saturation (c &gt; 4K) and ±2% measurement noise; TTFT grows as t0·(1 + c/K)^1.5; latency follows
    /// Little's law (c / X). Better models are slower per GPU.
    /// </summary>
    public static SyntheticRoute Generate(int count, int seed)
    {
        var random = new Random(seed);
        var levels = ConcurrencyLevels();
        var benchmarks = new List<BenchmarkData>(count);
        var replicas = new List<(int, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var quality = 50 + 40 * random.NextDouble();
            var gpus = random.Next(1, 9);
            var gpuHourly = 0.5 + 2.5 * random.NextDouble();
            var size = (quality - 50) / 40; // 0 = small model, 1 = large model
            var xmax = gpus * (1 + 5 * random.NextDouble()) * (1.5 - size);
            var k = 8 + 40 * random.NextDouble();
            var t0 = 0.08 + 0.17 * random.NextDouble();
            var runs = new List<BenchmarkRun>(Levels);
            foreach (var c in levels)
            {
                var saturation = 4 * k;
                var decline = c > saturation ? 1 / (1 + 0.08 * Math.Log(c / saturation)) : 1;
                var throughput = xmax * c / (k + c) * decline * (1 + 0.04 * (random.NextDouble() - 0.5));
                var ttft = t0 * Math.Pow(1 + c / k, 1.5) * (1 + 0.04 * (random.NextDouble() - 0.5));
                runs.Add(new BenchmarkRun(c, Requests / throughput, ttft, c / throughput, Requests * 256L));
            }
            benchmarks.Add(new BenchmarkData($"bench-{i:D4}", $"model-{i:D4}", Math.Round(quality, 2), Requests, gpus, HourlyCost.Flat(gpuHourly), runs));
            replicas.Add((random.Next(0, 2), random.Next(2, 9)));
        }
        return new SyntheticRoute(benchmarks, replicas);
    }

    /// <summary>Builds every candidate's production curve: the work that precedes any plan.</summary>
    public ProductionCurve[] BuildCurves()
    {
        var curves = new ProductionCurve[Benchmarks.Count];
        for (var i = 0; i < curves.Length; i++) curves[i] = ProductionCurve.Build(Benchmarks[i]);
        return curves;
    }

    /// <summary>What the operator does for a route: curves, candidates, then the allocator.</summary>
    public AllocationPlan Plan(double demand, Objective objective, double? budget)
    {
        var curves = BuildCurves();
        return Allocator.Plan(new AllocationRequest(Candidates(curves), demand, objective, budget, ServiceLevel: Slo));
    }

    /// <summary>Turns curves into allocation candidates.</summary>
    public AllocationCandidate[] Candidates(ProductionCurve[] curves)
    {
        var candidates = new AllocationCandidate[curves.Length];
        for (var i = 0; i < curves.Length; i++)
        {
            var data = curves[i].Benchmark;
            candidates[i] = new AllocationCandidate(data.Name, data.Quality, data.ReplicaHourlyCost, Replicas[i].Min, Replicas[i].Max, curves[i].Points);
        }
        return candidates;
    }
}
