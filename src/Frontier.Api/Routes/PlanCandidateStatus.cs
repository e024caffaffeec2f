namespace Frontier.Api.Routes;

/// <summary>What the plan gives one candidate; the gateway routes by these figures.</summary>
public sealed class PlanCandidateStatus
{
    /// <summary>Candidate name.</summary>
    public string? Name { get; set; }

    /// <summary>Share of traffic in [0, 1].</summary>
    public double Weight { get; set; }

    /// <summary>Replicas the plan runs.</summary>
    public int Replicas { get; set; }

    /// <summary>Operating concurrency of each replica.</summary>
    public int ConcurrencyPerReplica { get; set; }

    /// <summary>Replicas × concurrency: in-flight cap at the gateway.</summary>
    public int MaxInFlight { get; set; }

    /// <summary>Cost per request at the operating point, USD.</summary>
    public double CostPerRequestUsd { get; set; }

    /// <summary>Live throughput per replica over the benchmark's at the same concurrency (vLLM metrics); 1 when there is no live figure.</summary>
    public double ThroughputFactor { get; set; } = 1;
}
