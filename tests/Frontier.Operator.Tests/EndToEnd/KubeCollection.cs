using Frontier.Testing;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>One real kube-apiserver + etcd + controller-manager for every end-to-end test of this assembly.</summary>
[CollectionDefinition(TestCollections.Kube)]
public sealed class KubeCollection : ICollectionFixture<LocalApiServerCluster>;

/// <summary>One k3s cluster (Testcontainers) for the k3s variants; it does nothing without a Docker engine.</summary>
[CollectionDefinition(TestCollections.K3s)]
public sealed class K3sCollection : ICollectionFixture<K3sCluster>;
