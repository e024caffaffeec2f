namespace Frontier.Cli.Tests;

/// <summary>`frontier status` without a usable cluster: exit 2 and one line saying what to fix, never a stack trace.</summary>
public sealed class StatusBadInputTests
{
    [Fact]
    public void A_missing_kubeconfig_is_named()
    {
        var result = CliRunner.Run("status", "--kubeconfig", "/nonexistent/kubeconfig");
        AssertOneLine(result, "frontier status: --kubeconfig: no such file: /nonexistent/kubeconfig");
    }

    [Fact]
    public void An_api_server_that_does_not_answer_is_named_with_its_address()
    {
        using var cli = new CliRunner();
        var port = Frontier.Testing.PortAllocator.FreeLoopbackPort(); // nothing listens there
        var kubeconfig = cli.File("kubeconfig", $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:{{{port}}}", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        var result = CliRunner.Run("status", "--kubeconfig", kubeconfig);
        AssertOneLine(result, $"frontier status: list ModelRoutes: cannot reach the API server at https://127.0.0.1:{port}");
    }

    [Theory]
    [InlineData(new[] { "-A", "chat" }, "frontier status: ROUTE names a route in one namespace; leave out --all-namespaces")]
    [InlineData(new[] { "-A", "-n", "llm" }, "frontier status: --all-namespaces and --namespace exclude each other")]
    public void Contradicting_options_are_refused_before_any_connection(string[] args, string message)
    {
        AssertOneLine(CliRunner.Run(["status", "--kubeconfig", "/nonexistent/kubeconfig", .. args]), message);
    }

    private static void AssertOneLine(CliRunner.Result result, string startsWith)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(startsWith, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }
}
