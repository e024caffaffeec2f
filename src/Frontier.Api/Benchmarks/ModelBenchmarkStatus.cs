using k8s.Models;

namespace Frontier.Api.Benchmarks;

/// <summary>The benchmark's economics as the operator computed them.</summary>
public sealed class ModelBenchmarkStatus
{
    /// <summary>Generation of the spec this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Concurrency with the lowest cost per request.</summary>
    public int? BestConcurrency { get; set; }

    /// <summary>Lowest concurrency of the optimal zone.</summary>
    public int? ZoneMinConcurrency { get; set; }

    /// <summary>Highest concurrency of the optimal zone.</summary>
    public int? ZoneMaxConcurrency { get; set; }

    /// <summary>Cost per request at the best concurrency, USD.</summary>
    public double? CostPerRequestUsd { get; set; }

    /// <summary>Standard conditions (Valid, Ready).</summary>
    public IList<V1Condition>? Conditions { get; set; }
}
