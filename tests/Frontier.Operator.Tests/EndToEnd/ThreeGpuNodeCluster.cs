using Frontier.Testing;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// A local cluster whose node agent runs the Pods on a node with 3 <c>nvidia.com/gpu</c>: room for one replica of
/// config/samples/simulated-models.yaml's sim-large (2 GPUs) and one of sim-small (1 GPU), and no more.
/// </summary>
public sealed class ThreeGpuNodeCluster() : NodeAgentCluster(new NodeAgentSettings { Gpus = 3 });
