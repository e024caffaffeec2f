using Frontier.Api.Schema;

namespace Frontier.Api.Benchmarks;

/// <summary>One model measured on one GPU set: its quality score and its runs at several concurrencies.</summary>
public sealed class ModelBenchmarkSpec
{
    /// <summary>Served model name, as the model server knows it.</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? Model { get; set; }

    /// <summary>Name of the GpuProfile the model ran on.</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? GpuProfile { get; set; }

    /// <summary>Cards the model ran on; one replica is this GPU set (≥ 1).</summary>
    [Required, Minimum(1)]
    public int? Gpus { get; set; }

    /// <summary>Benchmark name, workload size and score.</summary>
    [Required]
    public BenchmarkScoreSpec? Benchmark { get; set; }

    /// <summary>Runs of the workload, at one or more concurrency levels.</summary>
    [Required, MinItems(1)]
    public IList<BenchmarkRunSpec>? Runs { get; set; }
}
