using System.Collections.Concurrent;
using System.Diagnostics;
using Frontier.Testing;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>The built operator run as its own process against the test cluster, as a Deployment would run it.</summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private OperatorProcess(Process process, Uri url, string identity)
    {
        _process = process;
        Url = url;
        Identity = identity;
    }

    public Uri Url { get; }

    public string Identity { get; }

    public bool HasExited => _process.HasExited;

    public string LogTail => string.Join('\n', _log.TakeLast(60));

    public static async Task<OperatorProcess> StartAsync(IKubeCluster cluster, string identity, string watchNamespace, string? prometheusUrl = null)
    {
        var port = PortAllocator.FreeLoopbackPort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "frontier-operator.dll"));
        foreach (var arg in new[]
        {
            $"--urls={url}",
            $"--Frontier:Kubeconfig={cluster.KubeconfigPath}",
            $"--Frontier:WatchNamespace={watchNamespace}",
            $"--Frontier:LeaseNamespace={watchNamespace}",
            "--Frontier:LeaseName=frontier-operator",
            $"--Frontier:Identity={identity}",
            "--Frontier:DefaultInterval=00:00:02",
            $"--Frontier:PrometheusUrl={prometheusUrl ?? string.Empty}",
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:System.Net.Http=Warning",
        }) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start frontier-operator");
        var op = new OperatorProcess(process, url, identity);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) op._log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) op._log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.WaitAsync(async () => (await op._http.GetAsync(new Uri(url, "healthz"))).IsSuccessStatusCode, ok => ok,
            TimeSpan.FromSeconds(30), $"{identity} /healthz", () => op.LogTail);
        return op;
    }

    public async Task<string> ReadyzAsync() => await _http.GetStringAsync(new Uri(Url, "readyz"));

    public async Task<bool> IsLeaderAsync()
    {
        try { return (await ReadyzAsync()).Contains("leader", StringComparison.Ordinal); }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    public async Task<string> MetricsAsync() => await _http.GetStringAsync(new Uri(Url, "metrics"));

    /// <summary>SIGKILL: the process dies without releasing its Lease, as a crashed pod would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        _http.Dispose();
        await Task.CompletedTask;
    }
}
