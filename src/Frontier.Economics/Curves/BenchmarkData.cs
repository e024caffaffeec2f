using Frontier.Economics.Cost;

namespace Frontier.Economics.Curves;

/// <summary>Everything the economics needs to know about one model's benchmark on one GPU set.</summary>
/// <param name="Name">Identifier of the benchmark record (a ModelBenchmark's metadata.name).</param>
/// <param name="Model">Served model name.</param>
/// <param name="Quality">Benchmark score; higher is better.</param>
/// <param name="Requests">Requests in the workload.</param>
/// <param name="Gpus">Cards the model ran on (one replica).</param>
/// <param name="GpuHourly">Cost of one of those cards per hour.</param>
/// <param name="Runs">Runs at one or more concurrency levels; repeated levels are averaged.</param>
public sealed record BenchmarkData(
    string Name,
    string Model,
    double Quality,
    int Requests,
    int Gpus,
    HourlyCost GpuHourly,
    IReadOnlyList<BenchmarkRun> Runs)
{
    /// <summary>USD per hour of one replica (all of its cards).</summary>
    public double ReplicaHourlyCost => Gpus * GpuHourly.Total;
}
