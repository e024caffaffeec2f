using System.Diagnostics;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.NodeAgent.Tests;

/// <summary>
/// The Node the agent keeps, seen by the controller-manager's node lifecycle controller (on in cluster.sh, with a
/// 20 s grace period at the agent's 5 s heartbeat): it stays Ready while the agent renews its Lease, and turns
/// NotReady when the agent stops.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class NodeHeartbeatTests(FastRestartCluster cluster, ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task The_node_is_ready_with_its_capacity_and_renews_its_lease()
    {
        var node = await Poll.UntilAsync(() => cluster.Client.CoreV1.ReadNodeAsync(cluster.NodeName)!, n => IsReady(n) && (n!.Spec.Taints ?? []).Count == 0,
            TimeSpan.FromSeconds(30), "the node Ready and untainted", describe: n => KubernetesJson.Serialize(n?.Spec) + KubernetesJson.Serialize(n?.Status?.Conditions));
        var allocatable = node.Status.Allocatable;
        Assert.Equal(8m, allocatable["nvidia.com/gpu"].ToDecimal());
        Assert.Equal(Environment.ProcessorCount, (int)allocatable["cpu"].ToDecimal());
        Assert.Equal(110m, allocatable["pods"].ToDecimal());
        Assert.True(allocatable["memory"].ToDecimal() > 1024m * 1024 * 1024, "memory: the machine's");
        Assert.Equal("127.0.0.1", node.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
        Assert.Equal(cluster.PodNetwork, node.Metadata.Annotations["frontier.dev/pod-network"]);

        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(cluster.NodeName, "kube-node-lease");
        Assert.Equal((cluster.NodeName, "Node", node.Metadata.Uid), (lease.Spec.HolderIdentity, lease.Metadata.OwnerReferences.Single().Kind, lease.Metadata.OwnerReferences.Single().Uid));
        var renewed = await Poll.UntilAsync(() => cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(cluster.NodeName, "kube-node-lease")!,
            l => l!.Spec.RenewTime > lease.Spec.RenewTime, TimeSpan.FromSeconds(15), "the node Lease renewed");
        output.WriteLine($"lease renewed {(renewed.Spec.RenewTime - lease.Spec.RenewTime)!.Value.TotalSeconds:0.0} s after {lease.Spec.RenewTime:O}");
    }

    [Fact(Timeout = 150_000)]
    public async Task A_stopped_agent_stops_its_pods_and_its_node_turns_not_ready_and_both_come_back_when_it_returns()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "node");
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: sleeper}
            spec:
              automountServiceAccountToken: false
              terminationGracePeriodSeconds: 1
              containers: [{name: c, image: frontier-shell, command: [sleep, "600"]}]
            """);
        await bed.WaitForPodAsync("sleeper", PodBed.IsReady, "Ready");
        var pid = cluster.ContainerPid(bed.Namespace, "sleeper", "c");
        Assert.NotNull(pid);

        var clock = Stopwatch.StartNew();
        await cluster.StopNodeAgentAsync();
        try
        {
            Assert.False(Directory.Exists($"/proc/{pid}"), "the pod's process outlived the agent");
            await Poll.UntilAsync(() => cluster.Client.CoreV1.ReadNodeAsync(cluster.NodeName)!, n => Ready(n) == "Unknown",
                TimeSpan.FromSeconds(60), "the node lifecycle controller to mark the node NotReady", describe: n => KubernetesJson.Serialize(n?.Status?.Conditions));
            output.WriteLine($"node NotReady {clock.Elapsed.TotalSeconds:0.0} s after the agent stopped");
            await Poll.UntilAsync(() => cluster.Client.CoreV1.ReadNodeAsync(cluster.NodeName)!, n => (n!.Spec.Taints ?? []).Any(t => t.Key == "node.kubernetes.io/unreachable"),
                TimeSpan.FromSeconds(20), "the node tainted unreachable", describe: n => KubernetesJson.Serialize(n?.Spec?.Taints));
            await bed.WaitForPodAsync("sleeper", p => !PodBed.IsReady(p), "marked not Ready by the node lifecycle controller");
        }
        finally
        {
            await cluster.StartNodeAgentAsync(); // the other tests of the collection need the node
        }
        await Poll.UntilAsync(() => cluster.Client.CoreV1.ReadNodeAsync(cluster.NodeName)!, n => IsReady(n) && !(n!.Spec.Taints ?? []).Any(t => t.Key == "node.kubernetes.io/unreachable"),
            TimeSpan.FromSeconds(30), "the node Ready again", describe: n => KubernetesJson.Serialize(n?.Status?.Conditions));
        await bed.WaitForPodAsync("sleeper", PodBed.IsReady, "running and Ready again");
        Assert.NotEqual(pid, cluster.ContainerPid(bed.Namespace, "sleeper", "c"));
    }

    private static string? Ready(V1Node? node) => node?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    private static bool IsReady(V1Node? node) => Ready(node) == "True";
}
