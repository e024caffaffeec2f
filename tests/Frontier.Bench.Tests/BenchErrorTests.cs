using System.Diagnostics;
using System.Net.Http.Json;
using Frontier.Testing;

namespace Frontier.Bench.Tests;

/// <summary>What frontier bench does when the server is down, refuses the model, fails some requests, or the user presses Ctrl-C.</summary>
[Collection(BenchProcesses.Name)]
public sealed class BenchErrorTests : IDisposable
{
    private readonly FrontierBench _bench = new();

    [Fact]
    public async Task Server_down_exits_2_with_one_line()
    {
        var url = $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}";
        var output = _bench.PathOf("down.yaml");
        var run = await FrontierBench.RunAsync(FrontierBench.BenchArgs(url, "m", "1,2", 10, output));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StdErr.Split('\n'));
        Assert.StartsWith($"frontier bench: cannot connect to {url}", line);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_wrong_model_exits_2_at_the_first_request()
    {
        await using var simulator = await FrontierSimulatorProcess.StartAsync(["--time-scale", "0.01"]);
        var run = await FrontierBench.RunAsync(FrontierBench.BenchArgs(simulator.Url, "no-such-model", "1,2,4", 1000, _bench.PathOf("x.yaml")));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StdErr.Split('\n'));
        Assert.Contains("refused the first request (HTTP 404", line);
        Assert.Contains("no-such-model", line);
        // At once: the one probe request reached the simulator, no level ran.
        Assert.Equal(0, await simulator.RequestsFinishedAsync());
    }

    [Fact]
    public async Task A_level_with_more_than_5_percent_errors_is_kept_and_flagged()
    {
        await using var simulator = await FrontierSimulatorProcess.StartAsync(["--time-scale", "0.01", "--admin-token", "t"]);
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{simulator.Url}/admin/faults") { Content = JsonContent.Create(new { mode = "fail", rate = 0.25 }) };
            request.Headers.Authorization = new("Bearer", "t");
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }
        var output = _bench.PathOf("flagged.yaml");
        // The probe may itself meet the fault (a 500 is not a reason to stop); retry the whole run a few times if so.
        ToolResult run = null!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            run = await FrontierBench.RunAsync(FrontierBench.BenchArgs(simulator.Url, "sim-model", "2", 120, output));
            if (run.ExitCode == 0) break;
        }
        Assert.True(run.Succeeded, run.ToString());
        var measured = _bench.Load(output);
        var run2 = Assert.Single(measured.Spec.Runs!);
        Assert.Equal(2, run2.Concurrency);
        var flag = measured.Metadata.Annotations![BenchmarkDocument.ErrorsAnnotation];
        Assert.Matches(@"^2: \d+(\.\d)?% failed \(ServerError \d+\)$", flag);
        Assert.Contains("warning: concurrency 2:", run.StdErr);
        Assert.Contains("errors > 5%", run.StdOut);
    }

    [Fact]
    public async Task Ctrl_c_writes_what_was_measured_marked_incomplete()
    {
        await using var simulator = await FrontierSimulatorProcess.StartAsync(["--time-scale", "0.01"]);
        var output = _bench.PathOf("interrupted.yaml");
        await using var bench = DotnetAppProcess.Start(FrontierBench.Dll,
            ["bench", "--url", simulator.Url, "--model", "sim-model", "--concurrency", "2,4,8", "--duration", "60", "--name", "measured",
             "--gpu-profile", BenchCurve.Profile, "--gpus", "1", "-o", output], "frontier bench", interruptible: true);
        await Poll.UntilAsync(() => Task.FromResult<string?>(bench.LogTail()), log => log!.Contains("concurrency 2:", StringComparison.Ordinal) || bench.HasExited,
            TimeSpan.FromSeconds(60), "bench to start its first level", () => bench.LogTail());
        await Task.Delay(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        (await ProcessRunner.RunAsync("kill", ["-INT", bench.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess();
        await Poll.UntilAsync(() => Task.FromResult(bench.HasExited), exited => exited, TimeSpan.FromSeconds(30), "bench to exit after SIGINT", () => bench.LogTail());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed} to stop");
        Assert.Equal(130, bench.ExitCode);
        var measured = _bench.Load(output);
        var level = Assert.Single(measured.Spec.Runs!);
        Assert.Equal(2, level.Concurrency);
        var note = measured.Metadata.Annotations![BenchmarkDocument.IncompleteAnnotation];
        Assert.StartsWith("interrupted: concurrency 2 stopped after ", note);
        Assert.EndsWith("not run: 4, 8", note);
        Assert.DoesNotContain("   at ", bench.LogTail());
    }

    public void Dispose() => _bench.Dispose();
}
