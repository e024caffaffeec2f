using Frontier.Testing;

namespace Frontier.NodeAgent.Tests;

/// <summary>One cluster with a node agent for every test of this assembly that needs the API server.</summary>
[CollectionDefinition(Name)]
public sealed class KubeCollection : ICollectionFixture<FastRestartCluster>
{
    public const string Name = "kube-with-node";
}

/// <summary>
/// The node agent with a 1 s first crash back-off instead of the kubelet's 10 s, so restarts show quickly, and
/// <see cref="TestImageRoot"/> as its --image-root.
/// </summary>
public sealed class FastRestartCluster() : NodeAgentCluster(new NodeAgentSettings
{
    RestartBackoff = TimeSpan.FromSeconds(1),
    ExtraArguments = ["--image-root=" + TestImageRoot.Path],
});
