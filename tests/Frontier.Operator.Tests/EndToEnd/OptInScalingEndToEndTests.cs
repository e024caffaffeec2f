using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// Scaling is opt-in: a Deployment is scaled only when it carries frontier.dev/route: ROUTE. Creating a ModelRoute
/// that names someone else's Deployment must not let its author resize it through the operator.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class OptInScalingEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task Deployments_without_the_routes_label_are_left_alone_until_they_opt_in()
    {
        var bed = await TestBed.CreateAsync(cluster, "optin");
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":20}}}""");
        var kubectl = new Kubectl(cluster);
        (await kubectl.RunAsync("label", "deployment", "wingpt", "-n", bed.Namespace, "frontier.dev/route-")).EnsureSuccess();
        (await kubectl.RunAsync("label", "deployment", "qwen14b", "-n", bed.Namespace, "frontier.dev/route=another-route", "--overwrite")).EnsureSuccess();
        await using var op = await OperatorProcess.StartAsync(cluster, "op-optin", bed.Namespace);
        try
        {
            var route = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.Condition(r, "Scaled")?.Reason == "DeploymentNotOptedIn",
                Patience, "Scaled=False DeploymentNotOptedIn", () => op.LogTail);
            var scaled = TestBed.Condition(route, "Scaled")!;
            output.WriteLine(scaled.Message);
            Assert.Equal("False", scaled.Status);
            Assert.Contains($"kubectl label deployment wingpt -n {bed.Namespace} frontier.dev/route=chat", scaled.Message, StringComparison.Ordinal);
            Assert.Contains("labelled for route another-route", scaled.Message, StringComparison.Ordinal);
            Assert.Equal("False", TestBed.Condition(route, "Ready")!.Status);
            var plan = route.Status!.Plan!.Candidates.ToDictionary(c => c.Name!, c => c.Replicas);
            Assert.True(plan["wingpt"] >= 1, "the plan runs wingpt (replicas.min 1)");

            // The opted-in Deployment follows the plan; the others stay as their owners left them, pass after pass.
            await Poll.UntilAsync(() => bed.ReplicasAsync("qwen72b"), r => r == plan["qwen72b"], Patience, "qwen72b at its planned replicas");
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(0, await bed.ReplicasAsync("wingpt"));
            Assert.Equal(0, await bed.ReplicasAsync("qwen14b"));

            (await kubectl.RunAsync("label", "deployment", "wingpt", "-n", bed.Namespace, "frontier.dev/route=chat")).EnsureSuccess();
            (await kubectl.RunAsync("label", "deployment", "qwen14b", "-n", bed.Namespace, "frontier.dev/route=chat", "--overwrite")).EnsureSuccess();
            var opted = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Scaled") && TestBed.IsTrue(r, "Ready"),
                Patience, "Scaled=True once labelled", () => op.LogTail);
            foreach (var c in opted.Status!.Plan!.Candidates)
                await Poll.UntilAsync(() => bed.ReplicasAsync(c.Name!), r => r == c.Replicas, Patience, $"{c.Name} at {c.Replicas}");
            // This cluster has no node: the scaled Deployments' pods never turn ready, and Scaled says so.
            var starting = TestBed.Condition(opted, "Scaled")!;
            Assert.Equal("ReplicasStarting", starting.Reason);
            var wingpt = opted.Status.Plan.Candidates.Single(c => c.Name == "wingpt").Replicas;
            Assert.Contains($"wingpt 0 of {wingpt} ready", starting.Message, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }
}
