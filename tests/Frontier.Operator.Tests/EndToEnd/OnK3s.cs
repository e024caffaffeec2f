using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>The same end-to-end tests on k3s (Testcontainers); skipped with the reason where no Docker engine runs.</summary>
[Collection(TestCollections.K3s)]
public sealed class OperatorOnK3s(K3sCluster cluster, ITestOutputHelper output) : OperatorEndToEndTests(cluster, output);

/// <summary>The resilience tests on k3s.</summary>
[Collection(TestCollections.K3s)]
public sealed class ResilienceOnK3s(K3sCluster cluster, ITestOutputHelper output) : ResilienceEndToEndTests(cluster, output);
