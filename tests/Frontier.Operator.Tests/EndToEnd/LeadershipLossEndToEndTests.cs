using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The operator process when another identity takes its Lease: it turns standby at once, writes nothing more to the
/// route, and stops exporting the per-route plan gauges of the routes it no longer plans.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class LeadershipLossEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task A_leader_whose_Lease_is_taken_stops_writing_and_drops_its_route_gauges()
    {
        var bed = await TestBed.CreateAsync(cluster, "loss");
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":4}}}""");
        await using var op = await FrontierOperatorProcess.StartAsync(cluster, bed.Namespace, identity: "op-loss",
            extraArgs: ["--Frontier:DefaultInterval=2s", "--Frontier:LeaseDuration=4s", "--Frontier:RenewDeadline=3s", "--Frontier:RetryPeriod=500ms"]);
        var routeSeries = $"frontier_operator_plan_hourly_cost_usd{{route=\"{bed.Namespace}/chat\"}}";
        try
        {
            await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready"), Patience, "Ready under the leader", () => op.LogTail());
            await Poll.UntilAsync<string>(async () => await op.MetricsAsync(), m => m!.Contains(routeSeries, StringComparison.Ordinal), Patience, "the route's plan gauge");

            await Leases.TakeAsync(cluster.Client, bed.Namespace, "frontier-operator", "intruder", TimeSpan.FromMinutes(1));
            await Poll.UntilAsync(async () => !await op.IsLeaderAsync(), standby => standby, TimeSpan.FromSeconds(10), "standby after the Lease was taken", () => op.LogTail());
            await Task.Delay(TimeSpan.FromSeconds(1)); // a write in flight at the loss lands
            var afterLoss = (await bed.RouteAsync())!.Metadata.ResourceVersion;
            await Task.Delay(TimeSpan.FromSeconds(5)); // more than two re-plan intervals
            var later = (await bed.RouteAsync())!.Metadata.ResourceVersion;
            var metrics = await op.MetricsAsync();

            Assert.Equal(afterLoss, later); // the route's status was not written after the loss
            Assert.DoesNotContain($"route=\"{bed.Namespace}/chat\"", metrics, StringComparison.Ordinal);
            Assert.Contains("frontier_operator_leader 0", metrics, StringComparison.Ordinal);
            Assert.False(op.HasExited); // it stays up, as a standby, and campaigns again
        }
        finally
        {
            output.WriteLine(op.LogTail());
        }
    }
}
