using System.Diagnostics;
using Frontier.Testing;

namespace Frontier.Simulator.Tests;

/// <summary>The built frontier-simulator.dll as a child process, as demos run it.</summary>
public class ProcessTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "frontier-simulator.dll");

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--replicas", "0")]
    [InlineData("--benchmark", "config/samples/paper-a800.yaml", "--name", "missing")]
    public async Task BadArgumentsExitWithTwo(params string[] args)
    {
        args = args.Select(a => a.StartsWith("config/", StringComparison.Ordinal) ? Path.Combine(RepoPaths.RepoRoot, a) : a).ToArray();
        using var process = Start(args);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("frontier-simulator:", await stderr);
    }

    [Fact]
    public async Task ServesABenchmarkFromAFile()
    {
        var file = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml");
        using var process = Start("--benchmark", file, "--name", "glm-4-9b", "--time-scale", "0.001", "--urls", "http://127.0.0.1:0");
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string? url = null;
            while (url is null && await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
                if (line.StartsWith("frontier-simulator: serving on ", StringComparison.Ordinal)) url = line[31..];
            Assert.NotNull(url);
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            var models = await client.GetStringAsync("/v1/models", cts.Token);
            Assert.Contains("\"id\":\"GLM-4-9B-Chat\"", models, StringComparison.Ordinal);
            using var chat = await client.PostAsync("/v1/chat/completions",
                HttpTests.Body("""{"model":"GLM-4-9B-Chat","messages":[{"role":"user","content":"hi"}]}"""), cts.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, chat.StatusCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
