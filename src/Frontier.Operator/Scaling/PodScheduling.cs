using k8s.Models;

namespace Frontier.Operator.Scaling;

/// <summary>How a Deployment's Pods (those not being deleted) stand with the scheduler.</summary>
/// <param name="Scheduled">Pods bound to a node (spec.nodeName set).</param>
/// <param name="Unschedulable">Pods the scheduler could not place: PodScheduled=False with reason Unschedulable.</param>
/// <param name="SchedulerMessage">The scheduler's message on the first unschedulable Pod, e.g. "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.".</param>
internal sealed record PodScheduling(int Scheduled, int Unschedulable, string? SchedulerMessage)
{
    /// <summary>The reason the scheduler puts on a Pod it found no node for.</summary>
    public const string UnschedulableReason = "Unschedulable";

    /// <summary>The scheduling state of <paramref name="pods"/>; Pods with a deletionTimestamp are leaving and are not counted.</summary>
    public static PodScheduling Of(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        int scheduled = 0, unschedulable = 0;
        string? message = null;
        foreach (var pod in pods.Where(p => p.Metadata?.DeletionTimestamp is null))
        {
            if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
            {
                scheduled++;
                continue;
            }
            var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
            if (condition is { Status: "False", Reason: UnschedulableReason })
            {
                unschedulable++;
                message ??= condition.Message;
            }
        }
        return new PodScheduling(scheduled, unschedulable, message);
    }
}
