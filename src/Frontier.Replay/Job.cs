using Frontier.Gateway;

namespace Frontier.Replay;

/// <summary>One admitted request on a replica.</summary>
/// <param name="ArrivalSeconds">When it reached the gateway.</param>
/// <param name="Work">Service demand in benchmark requests (its output tokens over the benchmark's per request).</param>
/// <param name="TtftSeconds">Time from arrival to the first token: the wait for a slot plus the curve's TTFT at the replica's concurrency.</param>
/// <param name="Lease">The gateway's in-flight lease, released when the request completes.</param>
internal sealed record Job(double ArrivalSeconds, double Work, double TtftSeconds, InFlightLease Lease);
