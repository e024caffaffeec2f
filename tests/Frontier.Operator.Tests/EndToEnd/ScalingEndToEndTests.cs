using Frontier.Api.Manifests;
using Frontier.Planning;
using Frontier.Testing;
using k8s.Autorest;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// spec.scaling on a real API server: the CRD refuses a headroom out of range, and the operator plans (and scales the
/// Deployments) for the demand times 1 + headroom.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class ScalingEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task The_operator_plans_for_the_floor_plus_headroom_and_the_crd_refuses_a_headroom_out_of_range()
    {
        var bed = await TestBed.CreateAsync(cluster, "scaling");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => bed.PatchRouteAsync("""{"spec":{"scaling":{"headroom":12}}}"""));
        Assert.Contains("spec.scaling.headroom", refused.Response.Content, StringComparison.Ordinal);

        // Without Prometheus the operator plans for the floor: 5 req/s, with 60% headroom 8 req/s — a different plan.
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":5},"scaling":{"headroom":0.6,"scaleDownStabilization":"0s","startupSeconds":0}}}""");
        var sample = ManifestLoader.LoadText(await File.ReadAllTextAsync(Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml")), "paper-a800.yaml");
        var spec = (await bed.RouteAsync())!;
        spec.Metadata.NamespaceProperty = "default"; // the sample's catalog lives in "default"
        Dictionary<string, int> Planned(double demand) => RoutePlanner.Plan(spec, sample, demand).Allocation.Candidates.ToDictionary(c => c.Name, c => c.Replicas);
        Assert.NotEqual(Planned(5), Planned(8));

        await using var op = await OperatorProcess.StartAsync(cluster, "op-scaling", bed.Namespace);
        try
        {
            var route = await Poll.UntilAsync(() => bed.RouteAsync(), r => r?.Status?.Plan is not null && TestBed.IsTrue(r, "Scaled"),
                Patience, "a plan, scaled", () => op.LogTail);
            Assert.Equal(5, route.Status!.Demand!.RequestsPerSecond);
            var plan = route.Status.Plan!.Candidates.ToDictionary(c => c.Name!, c => c.Replicas);
            output.WriteLine(string.Join(", ", plan.Select(p => $"{p.Key}={p.Value}")));
            Assert.Equal(Planned(8), plan);
            foreach (var (name, replicas) in plan)
                await Poll.UntilAsync(() => bed.ReplicasAsync(name), r => r == replicas, Patience, $"{name} at {replicas}");
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }
}
