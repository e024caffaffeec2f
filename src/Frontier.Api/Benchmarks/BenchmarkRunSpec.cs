using Frontier.Api.Schema;

namespace Frontier.Api.Benchmarks;

/// <summary>The whole workload run once at a fixed concurrency. Repeat a concurrency to get confidence intervals.</summary>
public sealed class BenchmarkRunSpec
{
    /// <summary>Requests in flight at once (≥ 1).</summary>
    [Required, Minimum(1)]
    public int? Concurrency { get; set; }

    /// <summary>Wall-clock seconds to finish the workload (&gt; 0).</summary>
    [Required, Minimum(0, Exclusive = true)]
    public double? TotalSeconds { get; set; }

    /// <summary>Mean time to first token, seconds.</summary>
    [Minimum(0)]
    public double? MeanTtftSeconds { get; set; }

    /// <summary>Mean end-to-end latency, seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? MeanLatencySeconds { get; set; }

    /// <summary>Median time to first token, seconds.</summary>
    [Minimum(0)]
    public double? P50TtftSeconds { get; set; }

    /// <summary>90th percentile of time to first token, seconds.</summary>
    [Minimum(0)]
    public double? P90TtftSeconds { get; set; }

    /// <summary>99th percentile of time to first token, seconds.</summary>
    [Minimum(0)]
    public double? P99TtftSeconds { get; set; }

    /// <summary>Median end-to-end latency, seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? P50LatencySeconds { get; set; }

    /// <summary>90th percentile of end-to-end latency, seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? P90LatencySeconds { get; set; }

    /// <summary>99th percentile of end-to-end latency, seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public double? P99LatencySeconds { get; set; }

    /// <summary>Output tokens produced over the workload.</summary>
    [Minimum(0)]
    public long? OutputTokens { get; set; }
}
