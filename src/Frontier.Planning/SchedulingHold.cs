namespace Frontier.Planning;

/// <summary>A candidate planned around because its Pods could not be scheduled.</summary>
/// <param name="MaxReplicas">The replicas that were scheduled: its replicas.max for planning until <paramref name="Until"/>.</param>
/// <param name="Until">When the hold ends and the plan may ask for more again.</param>
/// <param name="SchedulerMessage">Why the scheduler could not place its Pods (the PodScheduled condition's message).</param>
public sealed record SchedulingHold(int MaxReplicas, DateTimeOffset Until, string SchedulerMessage);
