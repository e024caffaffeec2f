using Frontier.Operator.Scaling;
using k8s.Models;

namespace Frontier.Operator.Tests.Rollout;

public sealed class PodSchedulingTests
{
    private static V1Pod Pod(string? node, V1PodCondition? scheduled = null, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = Guid.NewGuid().ToString("N"), DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Conditions = scheduled is null ? null : [scheduled] },
    };

    private static V1PodCondition Unschedulable(string message) => new() { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message };

    [Fact]
    public void Counts_scheduled_and_unschedulable_pods_and_keeps_the_schedulers_message()
    {
        var state = PodScheduling.Of([
            Pod("node-1", new V1PodCondition { Type = "PodScheduled", Status = "True" }),
            Pod(null, Unschedulable("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.")),
            Pod(null, Unschedulable("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.")),
            Pod(null), // not yet looked at by a scheduler: neither
        ]);
        Assert.Equal(new PodScheduling(1, 2, "0/1 nodes are available: 1 Insufficient nvidia.com/gpu."), state);
    }

    [Fact]
    public void Pods_being_deleted_do_not_count()
    {
        var state = PodScheduling.Of([Pod("node-1", deleting: true), Pod(null, Unschedulable("full"), deleting: true)]);
        Assert.Equal(new PodScheduling(0, 0, null), state);
    }

    [Fact]
    public void A_pod_not_scheduled_for_another_reason_is_not_unschedulable()
    {
        var state = PodScheduling.Of([Pod(null, new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "SchedulingGated", Message = "gated" })]);
        Assert.Equal(0, state.Unschedulable);
    }
}
