using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent.Node;

/// <summary>
/// The Node object and the proof that its agent lives, as a kubelet keeps them: registers the Node (or takes over an
/// existing one of the same name), posts its status (capacity and allocatable for cpu, memory, pods and
/// <c>nvidia.com/gpu</c>; Ready and the pressure conditions; addresses; nodeInfo), renews its Lease in
/// kube-node-lease every heartbeat and re-posts the status every status interval. The controller-manager's node
/// lifecycle controller reads both: a Node whose Lease stops moving turns NotReady (Unknown) after its grace period.
/// </summary>
internal sealed class NodeHeartbeat(IKubernetes client, NodeAgentOptions options, string nodeIp, string podNetwork, ILogger logger)
{
    /// <summary>The namespace of node Leases.</summary>
    public const string LeaseNamespace = "kube-node-lease";

    private DateTime _readySince = DateTime.UtcNow;

    /// <summary>The capacity (= allocatable: nothing is reserved) the Node reports.</summary>
    public IDictionary<string, ResourceQuantity> Capacity { get; } = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
    {
        ["cpu"] = options.Cpu,
        ["memory"] = options.Memory,
        ["pods"] = new(options.MaxPods.ToString(CultureInfo.InvariantCulture)),
        ["nvidia.com/gpu"] = new(options.Gpus.ToString(CultureInfo.InvariantCulture)),
        ["ephemeral-storage"] = new("100Gi"),
    };

    /// <summary>Creates or takes over the Node, posts its status and the Lease once.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNodeAsync(NewNode(), cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("registered node {Node} ({Network} for pods)", options.NodeName, podNetwork);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var patch = KubernetesJson.Serialize(new { metadata = new { labels = Labels(), annotations = Annotations() } });
            await client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("node {Node} exists; taking it over ({Network} for pods)", options.NodeName, podNetwork);
        }
        _readySince = DateTime.UtcNow;
        await PostStatusAsync(cancellationToken).ConfigureAwait(false);
        await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renews the Lease every heartbeat and posts the status every status interval until cancelled; failures are one log line each.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastStatus = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Heartbeat, cancellationToken).ConfigureAwait(false);
                await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
                if (DateTime.UtcNow - lastStatus >= options.StatusInterval)
                {
                    await PostStatusAsync(cancellationToken).ConfigureAwait(false);
                    lastStatus = DateTime.UtcNow;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or IOException)
            {
                logger.LogWarning("node heartbeat failed ({Error}); retrying", e.Message);
            }
        }
    }

    /// <summary>The Node as the API has it now.</summary>
    public Task<V1Node> ReadAsync(CancellationToken cancellationToken) => client.CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: cancellationToken);

    private V1Node NewNode() => new()
    {
        Metadata = new V1ObjectMeta { Name = options.NodeName, Labels = Labels(), Annotations = Annotations() },
        Spec = new V1NodeSpec(),
    };

    private Dictionary<string, string> Labels() => new(StringComparer.Ordinal)
    {
        ["kubernetes.io/hostname"] = options.NodeName,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64",
        ["frontier.dev/node-agent"] = "true",
    };

    private Dictionary<string, string> Annotations() => new(StringComparer.Ordinal) { ["frontier.dev/pod-network"] = podNetwork };

    private async Task PostStatusAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        V1NodeCondition Condition(string type, bool status, string reason, string message) => new()
        {
            Type = type,
            Status = status ? "True" : "False",
            Reason = reason,
            Message = message,
            LastHeartbeatTime = now,
            LastTransitionTime = _readySince,
        };
        var status = new V1NodeStatus
        {
            Capacity = Capacity,
            Allocatable = Capacity,
            Conditions =
            [
                Condition("MemoryPressure", false, "KubeletHasSufficientMemory", "node agent has sufficient memory available"),
                Condition("DiskPressure", false, "KubeletHasNoDiskPressure", "node agent has no disk pressure"),
                Condition("PIDPressure", false, "KubeletHasSufficientPID", "node agent has sufficient PID available"),
                Condition("Ready", true, "KubeletReady", "frontier-node-agent is posting ready status"),
            ],
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = nodeIp }, new V1NodeAddress { Type = "Hostname", Address = options.NodeName }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 0 } },
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = Labels()["kubernetes.io/arch"],
                OperatingSystem = "linux",
                OsImage = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                KernelVersion = Environment.OSVersion.Version.ToString(),
                KubeletVersion = "v1.20.2",
                KubeProxyVersion = "v1.20.2",
                ContainerRuntimeVersion = "frontier-node-agent://0.1.0",
                MachineID = string.Empty,
                SystemUUID = string.Empty,
                BootID = string.Empty,
            },
        };
        var patch = KubernetesJson.Serialize(new { status });
        await client.CoreV1.PatchNodeStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var spec = new V1LeaseSpec
        {
            HolderIdentity = options.NodeName,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            RenewTime = now,
        };
        try
        {
            var patch = KubernetesJson.Serialize(new { spec });
            await client.CoordinationV1.PatchNamespacedLeaseAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), options.NodeName, LeaseNamespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // The kubelet makes its Lease owned by the Node, so it goes when the Node goes.
            var node = await ReadAsync(cancellationToken).ConfigureAwait(false);
            spec.AcquireTime = now;
            await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = options.NodeName,
                    NamespaceProperty = LeaseNamespace,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid }],
                },
                Spec = spec,
            }, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
