namespace Frontier.Testing;

/// <summary>Locations inside the Frontier repository, found from the running test assembly.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding Operator.sln (walking up from <see cref="AppContext.BaseDirectory"/>;
    /// FRONTIER_REPO_ROOT overrides).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>tests/cluster/cluster.sh</summary>
    public static string ClusterScript => Path.Combine(RepoRoot, "tests", "cluster", "cluster.sh");

    private static string FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("FRONTIER_REPO_ROOT");
        if (!string.IsNullOrEmpty(overridden)) return Path.GetFullPath(overridden);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException(
            $"no Operator.sln above {AppContext.BaseDirectory}; set FRONTIER_REPO_ROOT to the repository root");
    }
}
