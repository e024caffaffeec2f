using System.Diagnostics;
using System.Globalization;

namespace Frontier.Testing;

/// <summary>
/// The built operator (<c>frontier-operator.dll</c> beside the test assembly: reference src/Frontier.Operator) run as
/// its own process against a test cluster, as its Deployment would run it, serving /healthz, /readyz and /metrics on a
/// free loopback port. It watches one namespace and keeps its Lease there.
/// </summary>
public sealed class FrontierOperatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(45);
    private readonly DotnetAppProcess _app;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private FrontierOperatorProcess(DotnetAppProcess app, Uri url, string identity)
    {
        _app = app;
        Url = url;
        Identity = identity;
    }

    /// <summary>Where /healthz, /readyz and /metrics are served.</summary>
    public Uri Url { get; }

    /// <summary>This replica's identity in the Lease.</summary>
    public string Identity { get; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _app.HasExited;

    /// <summary>The operator's process id.</summary>
    public int ProcessId => _app.Id;

    /// <summary>The last lines the operator logged.</summary>
    public string LogTail(int lines = 80) => _app.LogTail(lines);

    /// <summary>Starts the operator and returns once /healthz answers.</summary>
    /// <param name="cluster">The cluster; the operator uses its admin kubeconfig.</param>
    /// <param name="watchNamespace">The namespace it watches (and keeps its Lease in).</param>
    /// <param name="prometheusUrl">--Frontier:PrometheusUrl; empty means none (routes may name their own).</param>
    /// <param name="identity">Its Lease identity; a random one by default.</param>
    /// <param name="extraArgs">More settings, e.g. <c>--Frontier:DefaultInterval=00:00:02</c>; later ones win.</param>
    public static async Task<FrontierOperatorProcess> StartAsync(
        IKubeCluster cluster,
        string watchNamespace,
        string? prometheusUrl = null,
        string? identity = null,
        IEnumerable<string>? extraArgs = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        identity ??= "op-" + Guid.NewGuid().ToString("N")[..6];
        var port = PortAllocator.FreeLoopbackPort();
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        string[] args =
        [
            $"--urls={url}",
            $"--Frontier:Kubeconfig={cluster.KubeconfigPath}",
            $"--Frontier:WatchNamespace={watchNamespace}",
            $"--Frontier:LeaseNamespace={watchNamespace}",
            "--Frontier:LeaseName=frontier-operator",
            $"--Frontier:Identity={identity}",
            $"--Frontier:PrometheusUrl={prometheusUrl ?? string.Empty}",
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.Hosting=Warning",
            "--Logging:LogLevel:System.Net.Http=Warning",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ",
            .. extraArgs ?? [],
        ];
        var app = DotnetAppProcess.Start(DotnetAppProcess.BesideTests("frontier-operator"), args, $"frontier-operator {identity}");
        var op = new FrontierOperatorProcess(app, url, identity);
        try
        {
            await app.WaitUntilHealthyAsync(op._http, new Uri(url, "healthz"), HealthTimeout);
        }
        catch
        {
            await op.DisposeAsync();
            throw;
        }
        return op;
    }

    /// <summary>The text of /readyz ("ok: leader ID" or "ok: standby ID").</summary>
    public async Task<string> ReadyzAsync() => await _http.GetStringAsync(new Uri(Url, "readyz"));

    /// <summary>Whether /readyz says this replica leads; false when it does not answer.</summary>
    public async Task<bool> IsLeaderAsync()
    {
        try { return (await ReadyzAsync()).Contains("leader", StringComparison.Ordinal); }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    /// <summary>Waits until this replica leads.</summary>
    public Task WaitUntilLeaderAsync(TimeSpan timeout) =>
        Poll.UntilAsync(async () => await IsLeaderAsync(), leads => leads, timeout, $"{Identity} to lead", () => LogTail());

    /// <summary>The text of /metrics.</summary>
    public async Task<string> MetricsAsync() => await _http.GetStringAsync(new Uri(Url, "metrics"));

    /// <summary>SIGKILL: the process dies without releasing its Lease, as a crashed pod would.</summary>
    public void Kill() => _app.Kill();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
