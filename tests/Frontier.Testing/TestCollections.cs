namespace Frontier.Testing;

/// <summary>
/// Names of the xunit collections that share one cluster among the test classes of an assembly.
/// </summary>
/// <remarks>
/// xunit 2 only honours <c>[CollectionDefinition]</c> classes declared in the test assembly
/// itself, so each test project declares its own (two lines):
/// <code>
/// [CollectionDefinition(TestCollections.Kube)]
/// public sealed class KubeCollection : ICollectionFixture&lt;LocalApiServerCluster&gt; { }
/// </code>
/// and marks its test classes <c>[Collection(TestCollections.Kube)]</c>, taking the
/// <see cref="LocalApiServerCluster"/> as a constructor parameter. Tests in one collection run
/// one after another; different test assemblies get different clusters.
/// </remarks>
public static class TestCollections
{
    /// <summary>One <see cref="LocalApiServerCluster"/> per test assembly.</summary>
    public const string Kube = "kube";

    /// <summary>One <see cref="K3sCluster"/> per test assembly (its tests skip without Docker).</summary>
    public const string K3s = "k3s";
}
