using Frontier.Testing;

namespace Frontier.Testing.Tests;

// xunit 2 reads collection definitions only from the test assembly itself; every test project
// that shares a cluster declares these two lines.
[CollectionDefinition(TestCollections.Kube)]
public sealed class KubeCollection : ICollectionFixture<LocalApiServerCluster> { }

[CollectionDefinition(TestCollections.K3s)]
public sealed class K3sCollection : ICollectionFixture<K3sCluster> { }
