namespace Frontier.Testing;

/// <summary>The cached helm (3.17, or the binary given, e.g. <see cref="ClusterScript.Helm4Path"/>) against a cluster.
/// Helm's config, cache and data go next to the cluster's kubeconfig, so parallel runs do not share repositories or caches.</summary>
public sealed class Helm(IKubeCluster cluster, string? binary = null)
{
    public IKubeCluster Cluster { get; } = cluster;

    public Task<ToolResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public Task<ToolResult> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var home = Path.Combine(Path.GetDirectoryName(Cluster.KubeconfigPath)!, "helm");
        var env = new Dictionary<string, string?>
        {
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
        };
        return ProcessRunner.RunAsync(binary ?? ClusterScript.HelmPath, new[] { "--kubeconfig", Cluster.KubeconfigPath }.Concat(args),
            stdin, env, timeout, cancellationToken: cancellationToken);
    }
}
