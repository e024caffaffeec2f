using Frontier.Testing;

namespace Frontier.ChartOnPods.Tests;

/// <summary>One local cluster with a node agent for this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class KubeCollection : ICollectionFixture<NodeAgentCluster>
{
    public const string Name = "kube-with-node";
}
