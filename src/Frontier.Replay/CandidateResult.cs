namespace Frontier.Replay;

/// <summary>What one candidate's replicas did under one policy.</summary>
/// <param name="Name">Candidate name.</param>
/// <param name="Served">Requests it completed.</param>
/// <param name="ReplicaHours">Replica-hours held (starting, ready or draining).</param>
/// <param name="MeanConcurrency">Mean requests in flight per ready replica, over ready replica time.</param>
/// <param name="ZoneMin">Lowest concurrency per replica of its optimal zone (null: no point meets the SLO).</param>
/// <param name="ZoneMax">Highest concurrency per replica of its optimal zone.</param>
/// <param name="TimeInZone">Share of ready replica time spent with a concurrency inside the zone.</param>
public sealed record CandidateResult(string Name, long Served, double ReplicaHours, double MeanConcurrency, int? ZoneMin, int? ZoneMax, double TimeInZone);
