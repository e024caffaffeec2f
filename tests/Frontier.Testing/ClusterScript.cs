namespace Frontier.Testing;

/// <summary>Calls tests/cluster/cluster.sh.</summary>
public static class ClusterScript
{
    /// <summary>Exit code of <c>cluster.sh check</c>/<c>start</c> when binaries are missing.</summary>
    public const int NotInstalledExitCode = 3;

    public const string NotInstalledHint =
        "The local Kubernetes test binaries (kube-apiserver, etcd, kubectl, helm) are not installed: " +
        "run `bash tests/cluster/cluster.sh install` (or `make test`, which does it first).";

    // `cluster.sh paths` is the one place that knows the cache layout; asked once, synchronously
    // (it only prints, so there is nothing to wait for).
    private static readonly Lazy<IReadOnlyDictionary<string, string>> ToolPaths = new(() =>
    {
        var psi = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.RepoRoot,
        };
        psi.ArgumentList.Add(RepoPaths.ClusterScript);
        psi.ArgumentList.Add("paths");
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`cluster.sh paths` exited with {process.ExitCode}: {stderr.Result}");
        return ParseEnv(stdout);
    });

    /// <summary>Runs <c>bash cluster.sh args...</c> from the repository root.</summary>
    public static Task<ToolResult> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync("bash", new[] { RepoPaths.ClusterScript }.Concat(args), null, environment, timeout,
            RepoPaths.RepoRoot, cancellationToken);

    /// <summary>The cached kubectl (1.31).</summary>
    public static string KubectlPath => Tool("KUBECTL_BIN");

    /// <summary>The cached helm (3.17).</summary>
    public static string HelmPath => Tool("HELM_BIN");

    /// <summary>The cached helm 4, to check the chart renders the same with it.</summary>
    public static string Helm4Path => Tool("HELM4_BIN");

    /// <summary>Debian's prometheus binary.</summary>
    public static string PrometheusPath => Tool("PROMETHEUS_BIN");

    private static string Tool(string key)
    {
        var path = ToolPaths.Value[key];
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing. {NotInstalledHint}");
        return path;
    }

    /// <summary>Parses KEY=value lines (cluster.env, `cluster.sh paths`).</summary>
    public static IReadOnlyDictionary<string, string> ParseEnv(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            result[line[..eq]] = line[(eq + 1)..];
        }
        return result;
    }
}
