namespace Frontier.Economics.Allocation;

/// <summary>What the plan gives one candidate.</summary>
/// <param name="Name">Candidate name.</param>
/// <param name="Replicas">Replicas to run.</param>
/// <param name="Weight">Share of traffic, in [0, 1]; the weights of a plan sum to 1 when it serves traffic.</param>
/// <param name="ConcurrencyPerReplica">Operating concurrency of each replica (its best point under the service level); 0 when unusable.</param>
/// <param name="MaxInFlight">Replicas × concurrency: the cap that keeps the candidate in its zone.</param>
/// <param name="CapacityRequestsPerSecond">Replicas × throughput per replica at that concurrency.</param>
/// <param name="CostPerRequestUsd">Hourly cost per replica / (3600 × throughput per replica); null when the candidate has no usable operating point.</param>
/// <param name="Quality">The candidate's quality.</param>
/// <param name="HourlyCost">Replicas × hourly cost per replica.</param>
/// <param name="Note">Why the candidate gets no traffic, when that is not a choice but a constraint.</param>
public sealed record CandidateAllocation(
    string Name,
    int Replicas,
    double Weight,
    int ConcurrencyPerReplica,
    int MaxInFlight,
    double CapacityRequestsPerSecond,
    double? CostPerRequestUsd,
    double Quality,
    double HourlyCost,
    string? Note = null);
