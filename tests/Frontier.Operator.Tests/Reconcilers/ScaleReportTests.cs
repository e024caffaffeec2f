using Frontier.Operator.Reconcilers;
using Frontier.Operator.Scaling;
using Frontier.Planning;

namespace Frontier.Operator.Tests.Reconcilers;

public sealed class ScaleReportTests
{
    private const string Full = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.";

    private static ScaleOutcome Set(string deployment, int planned, int ready) => new(deployment, ScaleResult.Unchanged, Planned: planned, Ready: ready);

    [Fact]
    public void A_replacement_past_its_grace_outranks_unschedulable_and_starting_and_every_one_is_named()
    {
        var report = ScaleReport.Of(
        [
            Set("wingpt", 3, 0) with { NotReady = new ReplacementOverdue(TimeSpan.FromSeconds(190), TimeSpan.FromMinutes(3)) },
            Set("qwen72b", 2, 1) with { Scheduling = new PodScheduling(1, 1, Full) },
            Set("qwen14b", 4, 2),
        ]);
        Assert.Equal((true, "ReplicasNotReady"), (report.Ok, report.Reason));
        Assert.Contains("wingpt 0 of 3 ready after 3m10s, longer than its 3m grace", report.Message, StringComparison.Ordinal);
        Assert.Contains($"qwen72b 1 of 2 ready, 1 Pending: {Full}", report.Message, StringComparison.Ordinal);
        Assert.Contains("qwen14b 2 of 4 ready", report.Message, StringComparison.Ordinal);
        Assert.Single(report.Message.Split("; "), part => part.Contains("wingpt", StringComparison.Ordinal)); // not also listed as merely starting
    }

    [Fact]
    public void Without_an_overdue_replacement_the_reasons_stay_as_they_were()
    {
        Assert.Equal("ReplicasUnschedulable", ScaleReport.Of([Set("qwen72b", 2, 1) with { Scheduling = new PodScheduling(1, 1, Full) }]).Reason);
        Assert.Equal("ReplicasStarting", ScaleReport.Of([Set("qwen14b", 4, 2)]).Reason);
        Assert.Equal("ReplicasSet", ScaleReport.Of([Set("qwen14b", 4, 4)]).Reason);
    }
}
