using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// Readiness on a real API server and controller-manager: the cluster has no scheduler and no kubelet, so the test plays
/// both for the Deployments' Pods — it binds a Pod to a node and writes its status (Ready, or PodScheduled=False with
/// the scheduler's reason) through the status subresource; the controller-manager's ReplicaSet and Deployment
/// controllers turn that into each Deployment's readyReplicas, as they would in any cluster.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class ReadinessEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private const string NoGpu = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task The_plan_the_gateway_follows_counts_only_ready_pods_and_follows_a_pod_turning_ready_at_once()
    {
        var bed = await TestBed.CreateAsync(cluster, "ready", serviceBackends: true);
        // A 5-minute interval: within this test only the Deployment watch can make the operator look again.
        await bed.PatchRouteAsync("""{"spec":{"interval":"5m","demand":{"floorRequestsPerSecond":35}}}""");
        await using var op = await OperatorProcess.StartAsync(cluster, "op-ready", bed.Namespace);
        try
        {
            var wingpt = await Poll.UntilAsync(() => bed.ReplicasAsync("wingpt"), r => r >= 1, Patience, "wingpt scaled up", () => op.LogTail);
            var pods = await PodsAsync(bed, "wingpt", wingpt!.Value);
            var starting = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.Condition(r, "Scaled")?.Reason == "ReplicasStarting",
                Patience, "Scaled=True ReplicasStarting", () => op.LogTail);
            output.WriteLine(TestBed.Condition(starting, "Scaled")!.Message);
            Assert.Contains($"wingpt 0 of {wingpt} ready", TestBed.Condition(starting, "Scaled")!.Message, StringComparison.Ordinal);
            Assert.All(starting.Status!.Plan!.Candidates, c => Assert.Equal((0, 0.0), (c.Replicas, c.Weight))); // nothing is ready: nothing to route to

            var turned = DateTimeOffset.UtcNow;
            await MakeReadyAsync(bed, pods[0]);
            var serving = await Poll.UntilAsync(() => bed.RouteAsync(), r => r?.Status?.Plan?.Candidates.Single(c => c.Name == "wingpt").Replicas == 1,
                TimeSpan.FromSeconds(30), "wingpt serving with its ready Pod", () => $"{DeploymentStatus(bed, "wingpt")}\n{op.LogTail}");
            output.WriteLine($"plan followed readiness after {(DateTimeOffset.UtcNow - turned).TotalSeconds:0.0} s: {string.Join(", ", serving.Status!.Plan!.Candidates.Select(c => $"{c.Name} {c.Replicas} w={c.Weight:0.00}"))}");
            Assert.Equal(1.0, serving.Status.Plan.Candidates.Single(c => c.Name == "wingpt").Weight, 9);
            Assert.Equal(wingpt, await bed.ReplicasAsync("wingpt")); // the Deployment still asks for the whole target
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task A_candidate_whose_pods_cannot_be_scheduled_is_planned_around_and_status_says_why()
    {
        var bed = await TestBed.CreateAsync(cluster, "unsched", serviceBackends: true);
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":35}}}""");
        await using var op = await OperatorProcess.StartAsync(cluster, "op-unsched", bed.Namespace);
        try
        {
            var wingpt = (await Poll.UntilAsync(() => bed.ReplicasAsync("wingpt"), r => r >= 2, Patience, "wingpt at 2 or more", () => op.LogTail))!.Value;
            var others = await OthersAsync(bed);
            var pods = await PodsAsync(bed, "wingpt", wingpt);
            await MakeReadyAsync(bed, pods[0]);
            foreach (var pod in pods.Skip(1)) await MarkUnschedulableAsync(bed, pod);

            var around = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.Condition(r, "Scaled")?.Reason == "ReplicasUnschedulable",
                Patience, "Scaled=True ReplicasUnschedulable", () => op.LogTail);
            var scaled = TestBed.Condition(around, "Scaled")!;
            output.WriteLine(scaled.Message);
            Assert.Equal("True", scaled.Status);
            Assert.Contains(NoGpu, scaled.Message, StringComparison.Ordinal);
            Assert.Contains("wingpt", scaled.Message, StringComparison.Ordinal);
            Assert.Contains("planned with at most 1 replica until", scaled.Message, StringComparison.Ordinal);

            // wingpt asks only for the Pod that fits; its demand goes to the other candidates.
            await Poll.UntilAsync(() => bed.ReplicasAsync("wingpt"), r => r == 1, Patience, "wingpt down to its scheduled Pod");
            var moved = await OthersAsync(bed);
            output.WriteLine($"others before {others}, after {moved}");
            Assert.True(moved > others, $"the other candidates ask for more: {others} → {moved}");
            Assert.Contains(op.Log, l => l.Contains("cannot be scheduled", StringComparison.Ordinal) && l.Contains("wingpt", StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }

    /// <summary>A Deployment's replicas as its status says, for diagnostics.</summary>
    private static string DeploymentStatus(TestBed bed, string deployment)
    {
        var status = bed.Client.AppsV1.ReadNamespacedDeployment(deployment, bed.Namespace).Status;
        return $"Deployment {deployment}: replicas {status?.Replicas}, ready {status?.ReadyReplicas}, unavailable {status?.UnavailableReplicas}";
    }

    private static async Task<int> OthersAsync(TestBed bed) => (await bed.ReplicasAsync("qwen72b") ?? 0) + (await bed.ReplicasAsync("qwen14b") ?? 0);

    /// <summary>The Pods of <paramref name="deployment"/>, once its ReplicaSet created all <paramref name="count"/>.</summary>
    private static async Task<IReadOnlyList<string>> PodsAsync(TestBed bed, string deployment, int count) =>
        (await Poll.UntilAsync(async () => await ModelDeployments.PodNamesAsync(bed.Client, bed.Namespace, deployment), p => p?.Count == count,
            Patience, $"{count} Pods of {deployment}"))!;

    /// <summary>What a scheduler and a kubelet would do for a Pod that starts: bind it to a node, then report it Running and Ready.</summary>
    private static async Task MakeReadyAsync(TestBed bed, string pod)
    {
        await bed.Client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = "gpu-node" },
        }, pod, bed.Namespace);
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var status = $$$"""
            {"status":{"phase":"Running","conditions":[
              {"type":"PodScheduled","status":"True","lastTransitionTime":"{{{now}}}"},
              {"type":"Initialized","status":"True","lastTransitionTime":"{{{now}}}"},
              {"type":"ContainersReady","status":"True","lastTransitionTime":"{{{now}}}"},
              {"type":"Ready","status":"True","lastTransitionTime":"{{{now}}}"}]}}
            """;
        await bed.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), pod, bed.Namespace);
    }

    /// <summary>What the scheduler writes on a Pod it finds no node for.</summary>
    private static async Task MarkUnschedulableAsync(TestBed bed, string pod)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var status = $$$"""
            {"status":{"phase":"Pending","conditions":[
              {"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"{{{NoGpu}}}","lastTransitionTime":"{{{now}}}"}]}}
            """;
        await bed.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), pod, bed.Namespace);
    }
}
