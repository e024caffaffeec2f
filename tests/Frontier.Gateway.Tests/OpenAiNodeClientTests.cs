using System.Diagnostics;
using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Gateway.Tests;

/// <summary>
/// The official `openai` npm client (Node's test runner) against the gateway in front of a real simulator
/// process: real client, real wire format, streamed and not, chat completions and the Responses API (tests/clients/openai-node).
/// </summary>
public sealed class OpenAiNodeClientTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task The_official_openai_node_client_works_through_the_gateway()
    {
        await using var simulator = await SimulatorProcess.StartAsync("sim-model", 0.05);
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Use(simulator.AsRoute("chat", "sim-model"));

        var client = Path.Combine(RepoPaths.RepoRoot, "tests", "clients", "openai-node");
        var install = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], workingDirectory: client, timeout: TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.ToString());
        var run = await ProcessRunner.RunAsync("node", ["--test"], workingDirectory: client, timeout: TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string?> { ["FRONTIER_GATEWAY_URL"] = gateway.Url, ["FRONTIER_MODEL"] = "chat" });
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("# pass 8", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("# fail 0", run.StdOut, StringComparison.Ordinal);
    }
}
