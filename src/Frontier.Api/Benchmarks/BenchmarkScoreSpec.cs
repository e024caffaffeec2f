using Frontier.Api.Schema;

namespace Frontier.Api.Benchmarks;

/// <summary>The quality benchmark the workload comes from and the model's score on it.</summary>
public sealed class BenchmarkScoreSpec
{
    /// <summary>Benchmark name, e.g. WiNEval-3.0. Scores are comparable only within one benchmark.</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? Name { get; set; }

    /// <summary>Requests in the workload (&gt; 0).</summary>
    [Required, Minimum(1)]
    public int? Requests { get; set; }

    /// <summary>The model's score; higher is better.</summary>
    [Required]
    public double? Score { get; set; }
}
