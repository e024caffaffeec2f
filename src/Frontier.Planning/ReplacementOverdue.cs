namespace Frontier.Planning;

/// <summary>A candidate whose new replicas were not ready within the grace, so no other candidate keeps replicas for it any more.</summary>
/// <param name="Waited">How long it has waited for replicas of its target to become ready.</param>
/// <param name="Grace">The grace it had (<see cref="ScalingSettings.ReadyGrace"/>).</param>
public sealed record ReplacementOverdue(TimeSpan Waited, TimeSpan Grace);
