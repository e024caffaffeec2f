using Frontier.Testing;

namespace Frontier.EndToEnd.Tests;

/// <summary>One real kube-apiserver + etcd + controller-manager for the tests of this assembly (xunit 2 reads
/// collection definitions only from the test assembly itself).</summary>
[CollectionDefinition(TestCollections.Kube)]
public sealed class KubeCollection : ICollectionFixture<LocalApiServerCluster>;
