using Frontier.Testing;
namespace Frontier.Prometheus.Tests;

public sealed class PrometheusServerTests
{
    [Fact]
    public void Missing_binary_says_how_to_install_it()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PrometheusServer.FindBinary(["/nonexistent/prometheus"]));
        Assert.Contains("/nonexistent/prometheus", e.Message, StringComparison.Ordinal);
        var script = Path.Combine(Frontier.Testing.RepoPaths.RepoRoot, "tests", "cluster", "cluster.sh");
        Assert.Contains(File.Exists(script) ? "tests/cluster/cluster.sh install" : "apt-get install", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_is_found()
    {
        Assert.True(File.Exists(PrometheusServer.FindBinary()));
    }
}
