using System.Globalization;

namespace Frontier.Testing;

/// <summary>
/// A model-server simulator (<c>frontier-simulator.dll</c> beside the test assembly: reference src/Frontier.Simulator)
/// on a free loopback port; see src/Frontier.Simulator/README.md for its arguments.
/// </summary>
public sealed class FrontierSimulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(45);
    private readonly DotnetAppProcess _app;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private FrontierSimulatorProcess(DotnetAppProcess app, string url, string name)
    {
        _app = app;
        Url = url;
        Name = name;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>A name for messages (the benchmark's name when started with one).</summary>
    public string Name { get; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _app.HasExited;

    /// <summary>The last lines the simulator logged.</summary>
    public string LogTail(int lines = 40) => _app.LogTail(lines);

    /// <summary>A simulator following ModelBenchmark <paramref name="benchmarkName"/> of <paramref name="benchmarkFile"/>, every time × <paramref name="timeScale"/>.</summary>
    public static Task<FrontierSimulatorProcess> StartBenchmarkAsync(
        string benchmarkFile, string benchmarkName, double timeScale, IEnumerable<string>? extraArgs = null) =>
        StartAsync(
        [
            "--benchmark", benchmarkFile, "--name", benchmarkName,
            "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture), .. extraArgs ?? [],
        ], benchmarkName);

    /// <summary>Starts a simulator with <paramref name="args"/> (without --urls) and returns once /health answers; it listens
    /// on <paramref name="host"/> (any 127.0.0.0/8 address, e.g. a fake Pod IP) at <paramref name="port"/> (a free one when null).</summary>
    public static async Task<FrontierSimulatorProcess> StartAsync(IEnumerable<string> args, string? name = null, string host = "127.0.0.1", int? port = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port ?? PortAllocator.FreeLoopbackPort()}");
        name ??= "simulator";
        var app = DotnetAppProcess.Start(DotnetAppProcess.BesideTests("frontier-simulator"), [.. args, "--urls", url], $"frontier-simulator {name}");
        var sim = new FrontierSimulatorProcess(app, url, name);
        try
        {
            await app.WaitUntilHealthyAsync(sim._http, new Uri($"{url}/health"), HealthTimeout, logLines: 40);
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
        return sim;
    }

    /// <summary>The text of /metrics (vLLM's and DCGM's names).</summary>
    public async Task<string> MetricsAsync() => await _http.GetStringAsync($"{Url}/metrics");

    /// <summary>Requests the simulator finished: the sum of <c>vllm:request_success_total</c> over its finish reasons.</summary>
    public async Task<double> RequestsFinishedAsync() => PrometheusText.Sum(await MetricsAsync(), "vllm:request_success_total");

    /// <summary>SIGKILL: connections drop mid-request, as when a pod dies.</summary>
    public void Kill() => _app.Kill();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
