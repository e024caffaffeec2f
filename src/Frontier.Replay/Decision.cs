using Frontier.Gateway;

namespace Frontier.Replay;

/// <summary>What a policy decided at one control tick.</summary>
/// <param name="Replicas">Replicas wanted per candidate name (missing: 0).</param>
/// <param name="Entry">The gateway's routing entry from now on (weights, caps, frontier order).</param>
/// <param name="PlannedDemand">The demand planned for (requests/s).</param>
internal sealed record Decision(IReadOnlyDictionary<string, int> Replicas, RouteEntry Entry, double PlannedDemand);
