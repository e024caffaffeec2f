namespace Frontier.Replay;

/// <summary>The loop at one control tick.</summary>
/// <param name="Seconds">Virtual time.</param>
/// <param name="ArrivalRate">Requests per second that arrived over the interval just ended.</param>
/// <param name="PlannedDemand">The demand the policy planned for.</param>
/// <param name="ReadyCapacity">Requests per second the ready replicas serve at their best points.</param>
/// <param name="Replicas">Replicas per candidate (starting or ready), in the route's candidate order.</param>
/// <param name="HourlyCost">USD per hour of the replicas held.</param>
public sealed record TimelinePoint(double Seconds, double ArrivalRate, double PlannedDemand, double ReadyCapacity, IReadOnlyList<int> Replicas, double HourlyCost);
