using System.Diagnostics;
using Frontier.Api.Routes;
using Frontier.Testing;
using k8s.Models;

namespace Frontier.Gateway.Tests;

/// <summary>A frontier-simulator child process on a free loopback port.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SimulatorProcess> StartAsync(string servedModel, double timeScale, int completionTokens = 12)
    {
        var port = PortAllocator.FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "frontier-simulator.dll"), "--served-model", servedModel,
                "--time-scale", timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--completion-tokens", completionTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), "--urls", url,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var sim = new SimulatorProcess(process, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try { if ((await http.GetAsync($"{url}/health")).IsSuccessStatusCode) return sim; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await sim.DisposeAsync();
        throw new TimeoutException($"simulator {servedModel} did not come up on {url} in 30 s");
    }

    /// <summary>A route with this simulator as its only candidate and no plan (equal weights, no caps).</summary>
    public ModelRoute AsRoute(string alias, string servedModel) => new()
    {
        Metadata = new V1ObjectMeta { Name = alias, NamespaceProperty = "default" },
        Spec = new ModelRouteSpec
        {
            Model = alias,
            Candidates = [new CandidateSpec { Name = "sim", Benchmark = "sim", ServedModel = servedModel,
                Backend = new BackendSpec { Url = Url }, Replicas = new ReplicaBoundsSpec { Min = 1, Max = 1 } }],
        },
    };

    /// <summary>SIGKILL: connections drop mid-request, as when a pod dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
