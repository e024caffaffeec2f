using System.Globalization;

namespace Frontier.Testing;

/// <summary>
/// The built gateway (<c>frontier-gateway.dll</c> beside the test assembly: reference src/Frontier.Gateway) run as its
/// own process in Kubernetes mode against a test cluster, as one replica of its Deployment would run: it watches the
/// ModelRoutes of one namespace and serves the OpenAI API, /readyz and /metrics on a free loopback port.
/// </summary>
public sealed class FrontierGatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly DotnetAppProcess _app;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private FrontierGatewayProcess(DotnetAppProcess app, string url, string name)
    {
        _app = app;
        Url = url;
        Name = name;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>host:port, as a Prometheus scrape target.</summary>
    public string Authority => new Uri(Url).Authority;

    /// <summary>A name for messages.</summary>
    public string Name { get; }

    /// <summary>The last lines the gateway logged.</summary>
    public string LogTail(int lines = 40) => _app.LogTail(lines);

    /// <summary>Starts the gateway with <c>--kubeconfig</c> (the cluster's admin kubeconfig) and <c>--namespace</c>, and
    /// returns once /readyz answers (it has loaded its first routing table).</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="namespace">The namespace whose ModelRoutes it routes.</param>
    /// <param name="name">A name for messages.</param>
    /// <param name="extraArgs">More flags, e.g. <c>--queue-wait 5s</c>.</param>
    public static async Task<FrontierGatewayProcess> StartAsync(IKubeCluster cluster, string @namespace, string name, IEnumerable<string>? extraArgs = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}");
        var app = DotnetAppProcess.Start(DotnetAppProcess.BesideTests("frontier-gateway"),
            ["--kubeconfig", cluster.KubeconfigPath, "--namespace", @namespace, "--urls", url, .. extraArgs ?? []], name);
        var gateway = new FrontierGatewayProcess(app, url, name);
        try
        {
            await app.WaitUntilHealthyAsync(gateway._http, new Uri($"{url}/readyz"), ReadyTimeout, logLines: 40);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
        return gateway;
    }

    /// <summary>The text of /metrics.</summary>
    public async Task<string> MetricsAsync() => await _http.GetStringAsync($"{Url}/metrics");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
