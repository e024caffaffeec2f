using Frontier.Economics.Allocation;
using Frontier.Economics.Cost;
using Frontier.Economics.Curves;

namespace Frontier.Economics.Tests;

/// <summary>Small builders so tests state only the figures that matter to them.</summary>
internal static class TestData
{
    /// <summary>The paper's card: an A800 at a quoted $0.79 per GPU-hour.</summary>
    public static HourlyCost A800 { get; } = HourlyCost.Flat(0.79);

    /// <summary>A benchmark of <paramref name="requests"/> requests on two A800 cards.</summary>
    public static BenchmarkData Benchmark(int requests, params BenchmarkRun[] runs) =>
        new("bench", "model", 0.8, requests, 2, A800, runs);

    /// <summary>A benchmark whose run at each concurrency takes requests / X(c) seconds.</summary>
    public static BenchmarkData FromThroughput(int requests, Func<double, double> throughput, params int[] concurrencies) =>
        Benchmark(requests, concurrencies.Select(c => new BenchmarkRun(c, requests / throughput(c))).ToArray());

    /// <summary>An operating point for allocator and zone tests; workload figures are derived from 100 requests.</summary>
    public static OperatingPoint Point(int concurrency, double requestsPerSecond, double? ttft = null, double? latency = null, double costPerRequest = 0.001) =>
        new(concurrency, 100 / requestsPerSecond, costPerRequest * 100, costPerRequest, requestsPerSecond, ttft, latency, null, null);

    /// <summary>A point for zone tests, where only concurrency, cost per request and TTFT matter.</summary>
    public static OperatingPoint Costed(int concurrency, double costPerRequest, double? ttft = 0.1) =>
        Point(concurrency, concurrency, ttft, costPerRequest: costPerRequest);

    public static AllocationCandidate Candidate(string name, double quality, double hourly, int min, int max, params OperatingPoint[] points) =>
        new(name, quality, hourly, min, max, points);

    /// <summary>A candidate with a single operating point of <paramref name="capacity"/> requests per second per replica.</summary>
    public static AllocationCandidate Simple(string name, double quality, double hourly, double capacity, int min = 0, int max = 4) =>
        new(name, quality, hourly, min, max, [Point(4, capacity, ttft: 0.5)]);

    public static CandidateAllocation For(this AllocationPlan plan, string name) =>
        plan.Candidates.Single(c => c.Name == name);
}
