namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>The tests that need Pods to really schedule on a small GPU node; their own cluster, so no other test shares its GPUs.</summary>
[CollectionDefinition(Name)]
public sealed class ThreeGpuNodeCollection : ICollectionFixture<ThreeGpuNodeCluster>
{
    public const string Name = "kube-three-gpus";
}
