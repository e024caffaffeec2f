namespace Frontier.Operator.Demand;

/// <summary>The candidate Deployments whose replicas run on one GpuProfile: their pods' GPUs are that profile's to measure.</summary>
/// <param name="GpuProfile">The GpuProfile the replicas run on (the candidate's spec.gpuProfile, else its benchmark's).</param>
/// <param name="Deployments">The Deployments in the route's namespace.</param>
internal sealed record PowerGroup(string GpuProfile, IReadOnlyList<string> Deployments);
