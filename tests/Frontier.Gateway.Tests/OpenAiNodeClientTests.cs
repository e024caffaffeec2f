using System.Diagnostics;
using Frontier.Api.Routes;
using Frontier.Testing;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Gateway.Tests;

/// <summary>
/// The official `openai` npm client (Node's test runner) against the gateway in front of a real simulator
/// process: real client, real wire format, streamed and not (tests/clients/openai-node).
/// </summary>
public sealed class OpenAiNodeClientTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task The_official_openai_node_client_works_through_the_gateway()
    {
        var port = PortAllocator.FreeLoopbackPort();
        var simulator = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "frontier-simulator.dll"), "--served-model", "sim-model",
                "--time-scale", "0.05", "--completion-tokens", "12", "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await WaitUntilUpAsync($"http://127.0.0.1:{port}/health");
            await using var gateway = await GatewayHarness.StartAsync();
            gateway.Use(new ModelRoute
            {
                Metadata = new V1ObjectMeta { Name = "chat", NamespaceProperty = "default" },
                Spec = new ModelRouteSpec
                {
                    Model = "chat",
                    Candidates = [new CandidateSpec { Name = "sim", Benchmark = "sim", ServedModel = "sim-model",
                        Backend = new BackendSpec { Url = $"http://127.0.0.1:{port}" }, Replicas = new ReplicaBoundsSpec { Min = 1, Max = 1 } }],
                },
            });

            var client = Path.Combine(RepoPaths.RepoRoot, "tests", "clients", "openai-node");
            var install = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], workingDirectory: client, timeout: TimeSpan.FromMinutes(3));
            Assert.True(install.ExitCode == 0, install.ToString());
            var run = await ProcessRunner.RunAsync("node", ["--test"], workingDirectory: client, timeout: TimeSpan.FromMinutes(2),
                environment: new Dictionary<string, string?> { ["FRONTIER_GATEWAY_URL"] = gateway.Url, ["FRONTIER_MODEL"] = "chat" });
            output.WriteLine(run.Output);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("# pass 5", run.StdOut, StringComparison.Ordinal);
            Assert.Contains("# fail 0", run.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            if (!simulator.HasExited) simulator.Kill(entireProcessTree: true);
            await simulator.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilUpAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try { if ((await http.GetAsync(url)).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{url} did not come up in 30 s");
    }
}
