namespace Frontier.Planning;

/// <summary>What one candidate's replicas are doing right now (from vLLM's metrics), per replica.</summary>
/// <param name="ConcurrencyPerReplica">Requests in flight per replica.</param>
/// <param name="RequestsPerSecondPerReplica">Completed requests per second per replica.</param>
public sealed record LiveObservation(double ConcurrencyPerReplica, double RequestsPerSecondPerReplica);
