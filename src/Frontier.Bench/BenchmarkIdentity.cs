namespace Frontier.Bench;

/// <summary>What the written ModelBenchmark says about itself beyond the measurements.</summary>
/// <param name="Name">metadata.name.</param>
/// <param name="Model">spec.model: the served model name.</param>
/// <param name="GpuProfile">spec.gpuProfile.</param>
/// <param name="Gpus">spec.gpus.</param>
/// <param name="BenchmarkName">spec.benchmark.name.</param>
/// <param name="Requests">spec.benchmark.requests: the workload size each run's totalSeconds is for.</param>
/// <param name="Score">spec.benchmark.score.</param>
/// <param name="Namespace">metadata.namespace, when given.</param>
public sealed record BenchmarkIdentity(string Name, string Model, string GpuProfile, int Gpus, string BenchmarkName, int Requests, double Score, string? Namespace = null);
