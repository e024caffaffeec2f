using Frontier.Economics.Curves;

namespace Frontier.Economics.Allocation;

/// <summary>One model a route may send traffic to.</summary>
/// <param name="Name">Candidate name, unique within the route.</param>
/// <param name="Quality">Benchmark score of the model.</param>
/// <param name="HourlyCostPerReplica">USD per hour of one replica (all of its GPUs).</param>
/// <param name="MinReplicas">Replicas that run whatever the plan (cost is paid even without traffic).</param>
/// <param name="MaxReplicas">Upper bound on replicas.</param>
/// <param name="Points">The model's operating points; throughput is per replica.</param>
public sealed record AllocationCandidate(
    string Name,
    double Quality,
    double HourlyCostPerReplica,
    int MinReplicas,
    int MaxReplicas,
    IReadOnlyList<OperatingPoint> Points);
