using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The operator with only the permissions of config/rbac: a ServiceAccount token bound to that ClusterRole,
/// against an API server that enforces RBAC. If the role misses a verb the operator needs, this fails.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class RbacEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task The_operator_runs_with_exactly_the_rbac_in_config()
    {
        var bed = await TestBed.CreateAsync(cluster, "rbac");
        // DCGM reports wingpt's pod, so the operator also reads Deployments and lists their pods.
        var serving = new ServingExposition();
        serving.Gpu(bed.Namespace, await bed.StartPodAsync("wingpt"), 350);
        await using var exporter = TestExporter.Start(serving.Render);
        var prometheus = new PrometheusServer([("dcgm", exporter.Target)]);
        await prometheus.InitializeAsync();
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":8},"metrics":{"prometheusUrl":"URL"}}}""".Replace("URL", prometheus.BaseUrl.ToString(), StringComparison.Ordinal));
        try { await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "frontier-system" } }); }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict) { }
        var apply = await new Kubectl(cluster).RunAsync("apply", "-f", Path.Combine(RepoPaths.RepoRoot, "config", "rbac"));
        Assert.True(apply.ExitCode == 0, apply.ToString());

        using var account = await ServiceAccountCluster.CreateAsync(cluster, "frontier-system", "frontier-operator");
        await using var op = await OperatorProcess.StartAsync(account, "op-rbac", bed.Namespace);
        try
        {
            var route = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready") && TestBed.IsTrue(r, "Scaled")
                    && r!.Status!.Plan!.PowerSource!.StartsWith("DCGM for a800-80g ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "Ready, Scaled and DCGM power with only config/rbac permissions", () => op.LogTail);
            foreach (var c in route.Status!.Plan!.Candidates) Assert.Equal(c.Replicas, await bed.ReplicasAsync(c.Name!));
            await bed.EventAsync("PlanChanged", () => op.LogTail);
            Assert.DoesNotContain("Forbidden", op.LogTail, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            output.WriteLine(op.LogTail);
            await prometheus.DisposeAsync();
        }
    }
}
