namespace Frontier.Testing;

/// <summary>The cached kubectl (1.31, from tests/cluster/cluster.sh install) against a cluster.</summary>
public sealed class Kubectl(IKubeCluster cluster)
{
    public IKubeCluster Cluster { get; } = cluster;

    /// <summary>kubectl --kubeconfig CLUSTER args...; never throws on a non-zero exit.</summary>
    public Task<ToolResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public Task<ToolResult> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(ClusterScript.KubectlPath, new[] { "--kubeconfig", Cluster.KubeconfigPath }.Concat(args),
            stdin, timeout: timeout, cancellationToken: cancellationToken);

    /// <summary>kubectl apply -f FILE_OR_DIR.</summary>
    public Task<ToolResult> ApplyFileAsync(string path) => RunAsync("apply", "-f", path);

    /// <summary>kubectl apply -f - with the given manifests on stdin.</summary>
    public Task<ToolResult> ApplyAsync(string yaml) => RunAsync(["apply", "-f", "-"], yaml);
}
