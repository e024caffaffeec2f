using Frontier.Testing;

namespace Frontier.Prometheus.Tests;

/// <summary>
/// The per-pod DCGM power query against a real Prometheus: only the named pods count, whole names only — a pod whose
/// name merely starts like a Deployment's, a name differing where a regex '.' would match, or the same name in another
/// namespace is left out.
/// </summary>
public sealed class DcgmPodPowerTests : IAsyncLifetime
{
    private const string Exposition = """
        # TYPE DCGM_FI_DEV_POWER_USAGE gauge
        DCGM_FI_DEV_POWER_USAGE{namespace="llm",pod="wingpt-7d4-aaaaa",gpu="0"} 300
        DCGM_FI_DEV_POWER_USAGE{namespace="llm",pod="wingpt-7d4-bbbbb",gpu="1"} 400
        DCGM_FI_DEV_POWER_USAGE{namespace="llm",pod="wingpt-decoy-ccccc",gpu="2"} 5000
        DCGM_FI_DEV_POWER_USAGE{namespace="other",pod="wingpt-7d4-aaaaa",gpu="0"} 7000
        DCGM_FI_DEV_POWER_USAGE{namespace="llm",pod="a.b",gpu="3"} 100
        DCGM_FI_DEV_POWER_USAGE{namespace="llm",pod="aXb",gpu="4"} 900

        """;

    private readonly HttpClient http = new();
    private TestExporter? exporter;
    private PrometheusServer? server;

    public async Task InitializeAsync()
    {
        exporter = TestExporter.Start(() => Exposition.ReplaceLineEndings("\n"));
        server = new PrometheusServer([("dcgm", exporter.Target)]);
        await server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        if (exporter is not null) await exporter.DisposeAsync();
        http.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Power_is_averaged_over_exactly_the_named_pods_of_the_namespace()
    {
        var client = new PrometheusClient(http, server!.BaseUrl);
        var queries = new FrontierQueries();
        var gpus = await Poll.UntilAsync(() => client.QueryOptionalScalarAsync(queries.DcgmGpusInNamespace("llm"), default), n => n == 5,
            TimeSpan.FromSeconds(20), "5 GPUs of namespace llm scraped");
        Assert.Equal(5, gpus);

        Assert.Equal(350, await client.QueryScalarAsync(queries.DcgmPowerWattsOfPods("llm", ["wingpt-7d4-aaaaa", "wingpt-7d4-bbbbb"]), default));
        Assert.Equal(100, await client.QueryScalarAsync(queries.DcgmPowerWattsOfPods("llm", ["a.b"]), default));
        Assert.Null(await client.QueryOptionalScalarAsync(queries.DcgmPowerWattsOfPods("llm", ["wingpt-7d4"]), default));
        Assert.Null(await client.QueryOptionalScalarAsync(queries.DcgmGpusInNamespace("nowhere"), default));
    }
}
