using Frontier.Economics.Curves;
using Microsoft.AspNetCore.Builder;

namespace Frontier.Simulator.Tests;

/// <summary>A simulator started in-process on a free loopback port, with a client for it.</summary>
internal sealed class SimHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<SimHost> StartAsync(SimulatorOptions? options = null, BenchmarkData? benchmark = null)
    {
        options ??= new SimulatorOptions();
        options.Urls = "http://127.0.0.1:0";
        var app = SimulatorApp.Build(options, benchmark ?? ModelSource.DefaultBenchmark());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StartAsync(cts.Token);
        return new SimHost(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
