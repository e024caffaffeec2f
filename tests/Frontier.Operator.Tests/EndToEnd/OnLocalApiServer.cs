using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>The end-to-end tests on kube-apiserver 1.20.2 + etcd + controller-manager built by tests/cluster/cluster.sh.</summary>
[Collection(TestCollections.Kube)]
public sealed class OperatorOnLocalApiServer(LocalApiServerCluster cluster, ITestOutputHelper output) : OperatorEndToEndTests(cluster, output);

/// <summary>The resilience tests on the local API server.</summary>
[Collection(TestCollections.Kube)]
public sealed class ResilienceOnLocalApiServer(LocalApiServerCluster cluster, ITestOutputHelper output) : ResilienceEndToEndTests(cluster, output);
