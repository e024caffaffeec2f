using Frontier.NodeAgent.Scheduling;
using k8s;
using k8s.Models;

namespace Frontier.NodeAgent.Tests;

public sealed class NodeFitTests
{
    private static V1Node Node(string extraSpec = "") => KubernetesYaml.Deserialize<V1Node>($$"""
        apiVersion: v1
        kind: Node
        metadata:
          name: frontier-node
          labels: {pool: gpu}
        spec:
          {{extraSpec}}
        status:
          allocatable: {cpu: "2", memory: 4Gi, pods: "3", nvidia.com/gpu: "8"}
        """);

    private static V1Pod Pod(string resources, string extraSpec = "") => KubernetesYaml.Deserialize<V1Pod>($$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default}
        spec:
        {{extraSpec}}
          containers:
          - name: c
            image: frontier-shell
            resources: {{resources}}
        """);

    [Fact]
    public void Gpu_requests_count_against_allocatable_with_the_pods_already_there()
    {
        var running = new[] { Pod("{requests: {nvidia.com/gpu: 4}}"), Pod("{requests: {nvidia.com/gpu: 2, cpu: 500m}}") };
        Assert.Empty(NodeFit.Check(Pod("{requests: {nvidia.com/gpu: 2}}"), Node(), running));
        var reasons = NodeFit.Check(Pod("{requests: {nvidia.com/gpu: 3}}"), Node(), running);
        Assert.Equal(["Insufficient nvidia.com/gpu"], reasons);
        Assert.Equal("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", NodeFit.Message(reasons));
    }

    [Fact]
    public void Every_short_resource_is_named_and_an_unknown_extended_resource_never_fits()
    {
        var reasons = NodeFit.Check(Pod("{requests: {cpu: 1500m, memory: 5Gi, example.com/fpga: 1}}"), Node(), [Pod("{requests: {cpu: 1}}")]);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient example.com/fpga, 1 Insufficient memory.", NodeFit.Message(reasons));
        Assert.Equal(["Too many pods"], NodeFit.Check(Pod("{}"), Node(), [Pod("{}"), Pod("{}"), Pod("{}")]));
    }

    [Fact]
    public void Init_containers_take_the_larger_of_their_requests_and_the_containers_sum()
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers: [{name: i, image: x, resources: {requests: {nvidia.com/gpu: 6}}}]
              containers:
              - {name: a, image: x, resources: {requests: {nvidia.com/gpu: 2}}}
              - {name: b, image: x, resources: {requests: {nvidia.com/gpu: 1}}}
            """);
        Assert.Equal(6m, Frontier.NodeAgent.Scheduling.PodRequests.Of(pod)["nvidia.com/gpu"]);
    }

    [Fact]
    public void Taints_the_pod_does_not_tolerate_a_node_selector_it_does_not_match_and_a_cordon_keep_it_off()
    {
        var tainted = Node("taints: [{key: node.kubernetes.io/not-ready, effect: NoSchedule}, {key: dedicated, value: llm, effect: NoSchedule}, {key: soft, effect: PreferNoSchedule}]");
        Assert.Equal(
            ["node(s) had taint {dedicated: llm}, that the pod didn't tolerate", "node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate"],
            NodeFit.Check(Pod("{}"), tainted, []).Order(StringComparer.Ordinal));
        var tolerant = Pod("{}", "  tolerations: [{key: dedicated, operator: Equal, value: llm}, {operator: Exists, effect: NoSchedule}]");
        Assert.Empty(NodeFit.Check(tolerant, tainted, []));

        Assert.Equal(["node(s) didn't match node selector"], NodeFit.Check(Pod("{}", "  nodeSelector: {pool: cpu}"), Node(), []));
        Assert.Empty(NodeFit.Check(Pod("{}", "  nodeSelector: {pool: gpu}"), Node(), []));
        Assert.Equal(["node(s) were unschedulable"], NodeFit.Check(Pod("{}"), Node("unschedulable: true"), []));
    }
}
