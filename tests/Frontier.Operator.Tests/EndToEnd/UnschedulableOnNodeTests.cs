using System.Diagnostics;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// A GPU pool too small for the plan, on Pods that really schedule and run: the node agent's scheduler leaves the
/// replica that does not fit Pending (PodScheduled=False, Unschedulable, in kube-scheduler's words); the operator, its
/// own process, reports it and plans around it, and the Pods that fit run and turn Ready.
/// </summary>
[Collection(ThreeGpuNodeCollection.Name)]
public sealed class UnschedulableOnNodeTests(ThreeGpuNodeCluster cluster, ITestOutputHelper output)
{
    private static readonly string DemoManifest = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "simulated-models.yaml");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private IKubernetes Client => cluster.Client;

    [Fact(Timeout = 90_000)]
    public async Task A_replica_the_gpus_cannot_hold_stays_pending_and_the_operator_moves_its_demand_to_the_candidate_that_fits()
    {
        var clock = Stopwatch.StartNew();
        await FrontierCrds.EnsureAsync(cluster);
        var ns = "gpus-" + Guid.NewGuid().ToString("N")[..6];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        // 8 req/s (8.8 with the default headroom) asks for 2 × sim-large (2 GPUs each) + 1 × sim-small (1 GPU): 5 GPUs; the node has 3.
        var manifest = (await File.ReadAllTextAsync(DemoManifest))
            .Replace("namespace: default", $"namespace: {ns}", StringComparison.Ordinal)
            .Replace("demand: {floorRequestsPerSecond: 2}", "demand: {floorRequestsPerSecond: 8}", StringComparison.Ordinal)
            .Replace("interval: 30s", "interval: 2s", StringComparison.Ordinal);
        Assert.Contains("floorRequestsPerSecond: 8", manifest, StringComparison.Ordinal);
        (await cluster.Kubectl().ApplyAsync(manifest)).EnsureSuccess();
        await using var op = await OperatorProcess.StartAsync(cluster, "op-gpus", ns);
        try
        {
            await Poll.UntilAsync(() => ReplicasAsync(ns, "sim-large"), r => r == 2, Patience, "the operator to ask for 2 × sim-large", () => op.LogTail);

            // The node agent binds what fits and leaves the second sim-large Pending with the scheduler's reason.
            var pending = await Poll.UntilAsync(() => UnschedulablePodAsync(ns), p => p is not null, Patience, "a sim-large Pod Unschedulable",
                () => Describe(ns));
            var schedulerMessage = pending!.Status.Conditions.Single(c => c.Type == "PodScheduled").Message;
            output.WriteLine($"{pending.Metadata.Name}: {schedulerMessage}");
            Assert.Contains("Insufficient nvidia.com/gpu", schedulerMessage, StringComparison.Ordinal);

            var around = await Poll.UntilAsync(() => RouteAsync(ns), r => Scaled(r)?.Reason == "ReplicasUnschedulable",
                Patience, "Scaled=True ReplicasUnschedulable", () => op.LogTail);
            var scaled = Scaled(around)!;
            output.WriteLine(scaled.Message);
            Assert.Equal("True", scaled.Status);
            // "sim-large 0 of 2 ready, 1 Pending: MESSAGE; …" while the Pod is Pending, then (scaled down to what fits, the
            // Pending Pod gone) "sim-large planned with at most 1 replica until …: its Pods could not be scheduled (MESSAGE)".
            Assert.Contains("sim-large", scaled.Message, StringComparison.Ordinal);
            Assert.Contains(schedulerMessage, scaled.Message, StringComparison.Ordinal);
            Assert.Contains("planned with at most 1 replica until", scaled.Message, StringComparison.Ordinal);

            // sim-large asks only for the replica that fits; its demand goes to sim-small, whose Pod fits; everything runs.
            await Poll.UntilAsync(() => ReplicasAsync(ns, "sim-large"), r => r == 1, Patience, "sim-large down to its scheduled Pod", () => op.LogTail);
            var serving = await Poll.UntilAsync(() => RouteAsync(ns), r => Weight(r, "small") > 0 && Replicas(r, "large") == 1,
                Patience, "the plan the gateway follows sending demand to small", () => op.LogTail, r => r?.Status?.Plan is { } p ? string.Join(", ", p.Candidates.Select(c => $"{c.Name} {c.Replicas} w={c.Weight:0.00}")) : "(no plan)");
            output.WriteLine($"serving: {string.Join(", ", serving.Status!.Plan!.Candidates.Select(c => $"{c.Name} {c.Replicas} w={c.Weight:0.00}"))}");
            var pods = await Poll.UntilAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items, ps => ps!.Count == 2 && ps.All(IsReady),
                Patience, "one sim-large and one sim-small Pod, both Ready, none Pending", () => Describe(ns));
            Assert.Equal(["sim-large", "sim-small"], pods.Select(p => p.Metadata.Labels["app.kubernetes.io/name"]).Order());
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s from the namespace to both Pods Ready with the demand moved");
        }
        finally
        {
            output.WriteLine(op.LogTail);
            await Client.CoreV1.DeleteNamespaceAsync(ns);
        }
    }

    private async Task<int?> ReplicasAsync(string ns, string deployment) => (await Client.AppsV1.ReadNamespacedDeploymentAsync(deployment, ns)).Spec.Replicas;

    private async Task<V1Pod?> UnschedulablePodAsync(string ns) =>
        (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app.kubernetes.io/name=sim-large")).Items
            .FirstOrDefault(p => p.Status?.Conditions?.Any(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" }) == true);

    private Task<Frontier.Api.Routes.ModelRoute?> RouteAsync(string ns) => new TestBed(cluster, ns).RouteAsync();

    private static V1Condition? Scaled(Frontier.Api.Routes.ModelRoute? route) => TestBed.Condition(route, "Scaled");

    private static double Weight(Frontier.Api.Routes.ModelRoute? route, string candidate) =>
        route?.Status?.Plan?.Candidates.FirstOrDefault(c => c.Name == candidate)?.Weight ?? 0;

    private static int? Replicas(Frontier.Api.Routes.ModelRoute? route, string candidate) =>
        route?.Status?.Plan?.Candidates.FirstOrDefault(c => c.Name == candidate)?.Replicas;

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true;

    private string Describe(string ns)
    {
        var pods = Client.CoreV1.ListNamespacedPod(ns).Items;
        return string.Join("\n", pods.Select(p => $"{p.Metadata.Name} {p.Status?.Phase} node={p.Spec?.NodeName} " +
            string.Join(" ", p.Status?.Conditions?.Select(c => $"{c.Type}={c.Status}({c.Reason}: {c.Message})") ?? [])));
    }
}
