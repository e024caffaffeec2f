using Frontier.Testing;

namespace Frontier.Cli.Tests;

/// <summary>The local API server the `frontier status` tests read from (one per test assembly).</summary>
[CollectionDefinition(TestCollections.Kube)]
public sealed class KubeCollection : ICollectionFixture<LocalApiServerCluster>;
