using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>One model a route may send traffic to.</summary>
public sealed class CandidateSpec
{
    /// <summary>Candidate name, unique within the route.</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? Name { get; set; }

    /// <summary>Name of the ModelBenchmark (same namespace) describing this model.</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? Benchmark { get; set; }

    /// <summary>Model name the backend serves; the gateway rewrites the request's model to it.</summary>
    public string? ServedModel { get; set; }

    /// <summary>Where the model server listens.</summary>
    [Required]
    public BackendSpec? Backend { get; set; }

    /// <summary>Deployment (same namespace) the operator scales.</summary>
    public string? Deployment { get; set; }

    /// <summary>Replica bounds.</summary>
    [Required]
    public ReplicaBoundsSpec? Replicas { get; set; }

    /// <summary>GpuProfile of a replica; defaults to the benchmark's.</summary>
    public string? GpuProfile { get; set; }

    /// <summary>GPUs per replica; defaults to the benchmark's.</summary>
    [Minimum(1)]
    public int? GpusPerReplica { get; set; }

    /// <summary>Quality override; defaults to the benchmark's score. Required when candidates use different benchmarks.</summary>
    public double? Quality { get; set; }
}
