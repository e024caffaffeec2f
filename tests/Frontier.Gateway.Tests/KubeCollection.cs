using Frontier.Testing;

namespace Frontier.Gateway.Tests;

// xunit 2 reads collection definitions only from the test assembly itself.
[CollectionDefinition(TestCollections.Kube)]
public sealed class KubeCollection : ICollectionFixture<LocalApiServerCluster>
{
}
