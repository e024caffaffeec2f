using k8s;
using k8s.Models;

namespace Frontier.Testing.Tests;

[Collection(TestCollections.K3s)]
public sealed class K3sClusterTests(K3sCluster cluster)
{
    [SkippableFact]
    public async Task K3s_cluster_serves_namespaces_and_configmaps()
    {
        DockerEngine.SkipIfUnavailable();
        Assert.Equal("k3s", cluster.Kind);
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast" } },
            ns);
        Assert.Equal("fast", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns)).Data["mode"]);
        await Assert.ThrowsAsync<NotSupportedException>(cluster.RestartApiServerAsync);
    }
}
