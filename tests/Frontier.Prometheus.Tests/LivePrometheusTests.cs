using Frontier.Testing;
using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Frontier.Prometheus.Tests;

/// <summary>A real Prometheus scraping a <see cref="TestExporter"/> every second, shared by <see cref="LivePrometheusTests"/>.</summary>
public sealed class LivePrometheusFixture : IAsyncLifetime
{
    public const string Job = "frontier-test";
    public const double GatewayRatePerSecond = 10;
    public const double VllmRatePerSecond = 4;
    public const string EscapedValue = "a\"b\\c\nd é";

    /// <summary>Number of samples in one exposition (checked against scrape_samples_scraped).</summary>
    public const int SamplesPerScrape = 7;

    private readonly Stopwatch clock = new();
    private TestExporter? exporter;

    public PrometheusServer Server { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public PrometheusClient Client { get; private set; } = null!;

    public TestExporter Exporter => exporter!;

    public async Task InitializeAsync()
    {
        clock.Start();
        exporter = TestExporter.Start(Render);
        Server = new PrometheusServer([(Job, exporter.Target)]);
        await Server.InitializeAsync();
        Client = new PrometheusClient(Http, Server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        if (exporter is not null)
        {
            await exporter.DisposeAsync();
        }

        Http.Dispose();
    }

    /// <summary>The exposition: counters grow linearly with wall-clock time since the exporter started.</summary>
    private string Render()
    {
        var t = clock.Elapsed.TotalSeconds;
        var gateway = (GatewayRatePerSecond * t).ToString("R", CultureInfo.InvariantCulture);
        var vllm = (VllmRatePerSecond * t).ToString("R", CultureInfo.InvariantCulture);
        var escaped = EscapedValue.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return $$"""
            # HELP frontier_gateway_requests_total Requests the gateway forwarded.
            # TYPE frontier_gateway_requests_total counter
            frontier_gateway_requests_total{route="default/chat",candidate="a",code="200"} {{gateway}}
            # HELP vllm:request_success_total Finished requests.
            # TYPE vllm:request_success_total counter
            vllm:request_success_total{model_name="m",finished_reason="stop"} {{vllm}}
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="m"} 3
            # HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).
            # TYPE DCGM_FI_DEV_POWER_USAGE gauge
            DCGM_FI_DEV_POWER_USAGE{gpu="0"} 250
            DCGM_FI_DEV_POWER_USAGE{gpu="1"} 150.5
            # TYPE frontier_escape_test gauge
            frontier_escape_test{v="{{escaped}}"} 7
            frontier_escape_test{v="plain"} 8

            """.ReplaceLineEndings("\n");
    }
}

/// <summary>The client against a real Prometheus scraping a test exporter. Each test is bounded to 30 s.</summary>
public sealed class LivePrometheusTests(LivePrometheusFixture fx, ITestOutputHelper output) : IClassFixture<LivePrometheusFixture>
{
    private const int Bound = 30_000;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);
    private static readonly Dictionary<string, string> Model = new() { ["model_name"] = "m" };

    private PrometheusClient Client => fx.Client;

    [Fact(Timeout = Bound)]
    public async Task Exporter_format_is_valid_prometheus_scrapes_it_and_up_is_1()
    {
        var sw = Stopwatch.StartNew();
        var up = PromQl.Selector("up", ("job", LivePrometheusFixture.Job));
        await WaitUntil(async () => await Client.QueryOptionalScalarAsync(up, default) == 1, $"{up} == 1");
        Assert.Equal(1, await Client.QueryScalarAsync(up, default));
        Assert.Equal(
            LivePrometheusFixture.SamplesPerScrape,
            await Client.QueryScalarAsync(PromQl.Selector("scrape_samples_scraped", ("job", LivePrometheusFixture.Job)), default));
        output.WriteLine($"Prometheus {fx.Server.Version} started in {fx.Server.StartupTime.TotalMilliseconds:F0} ms; up==1 after {sw.ElapsedMilliseconds} ms; {fx.Exporter.Scrapes} scrapes so far");
    }

    [Fact(Timeout = Bound)]
    public async Task Gateway_and_vllm_rates_read_close_to_the_exporter_rates()
    {
        var sw = Stopwatch.StartNew();
        var queries = new FrontierQueries { RateWindow = TimeSpan.FromSeconds(5) };
        var counter = PromQl.Selector("frontier_gateway_requests_total", ("route", "default/chat"));

        // rate() divides by the whole window, so wait until the 5 s window is full of 1 s scrapes.
        await WaitUntil(async () => await Client.QueryOptionalScalarAsync($"count_over_time({counter}[10s])", default) >= 7, "7 scrapes");

        var demandQuery = queries.GatewayDemand("default", "chat");
        Assert.Equal("sum(rate(frontier_gateway_requests_total{route=\"default/chat\"}[5s]))", demandQuery);
        var demand = await Client.QueryScalarAsync(demandQuery, default);
        var vllm = await Client.QueryScalarAsync(queries.VllmRequestRate(Model), default);
        output.WriteLine($"gateway rate {demand:F3}/s (exporter {LivePrometheusFixture.GatewayRatePerSecond}/s), vLLM rate {vllm:F3}/s (exporter {LivePrometheusFixture.VllmRatePerSecond}/s), after {sw.ElapsedMilliseconds} ms");

        Assert.InRange(demand, LivePrometheusFixture.GatewayRatePerSecond * 0.85, LivePrometheusFixture.GatewayRatePerSecond * 1.15);
        Assert.InRange(vllm, LivePrometheusFixture.VllmRatePerSecond * 0.85, LivePrometheusFixture.VllmRatePerSecond * 1.15);

        var sample = Assert.Single(await Client.QueryVectorAsync(demandQuery, default));
        Assert.Empty(sample.Labels);
        Assert.InRange(sample.Timestamp, DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow.AddSeconds(10));
    }

    [Fact(Timeout = Bound)]
    public async Task Dcgm_power_and_vllm_concurrency_read_back_exactly()
    {
        var queries = new FrontierQueries();
        var gpu0 = queries.DcgmPowerWatts(new Dictionary<string, string> { ["gpu"] = "0" });
        await WaitUntil(async () => await Client.QueryOptionalScalarAsync(gpu0, default) is not null, gpu0);

        Assert.Equal(250.0, await Client.QueryScalarAsync(gpu0, default));
        Assert.Equal(200.25, await Client.QueryScalarAsync(queries.DcgmPowerWatts([]), default));
        Assert.Equal(3.0, await Client.QueryScalarAsync(queries.VllmRunningRequests(Model), default));

        var perGpu = await Client.QueryVectorAsync(PromQl.Selector("DCGM_FI_DEV_POWER_USAGE"), default);
        Assert.Equal(new Dictionary<string, double> { ["0"] = 250, ["1"] = 150.5 }, perGpu.ToDictionary(s => s.Labels["gpu"], s => s.Value));
        Assert.All(perGpu, s => Assert.Equal(LivePrometheusFixture.Job, s.Labels["job"]));
    }

    [Fact(Timeout = Bound)]
    public async Task Escaped_label_values_match_exactly_one_series()
    {
        var selector = PromQl.Selector("frontier_escape_test", ("v", LivePrometheusFixture.EscapedValue));
        await WaitUntil(async () => (await Client.QueryVectorAsync("frontier_escape_test", default)).Count == 2, "frontier_escape_test");

        var sample = Assert.Single(await Client.QueryVectorAsync(selector, default));
        Assert.Equal(7, sample.Value);
        Assert.Equal(LivePrometheusFixture.EscapedValue, sample.Labels["v"]);
    }

    [Fact(Timeout = Bound)]
    public async Task Absent_series_is_Empty_null_or_an_empty_list()
    {
        var query = new FrontierQueries().GatewayDemand("default", "no-such-route");
        var e = await Assert.ThrowsAsync<PrometheusQueryException>(() => Client.QueryScalarAsync(query, default));
        Assert.Equal(PrometheusQueryErrorKind.Empty, e.Kind);
        Assert.Contains(query, e.Message, StringComparison.Ordinal);
        output.WriteLine(e.Message);
        Assert.Null(await Client.QueryOptionalScalarAsync(query, default));
        Assert.Empty(await Client.QueryVectorAsync(query, default));
    }

    [Fact(Timeout = Bound)]
    public async Task Real_prometheus_errors_map_to_their_kinds()
    {
        await WaitUntil(async () => (await Client.QueryVectorAsync("DCGM_FI_DEV_POWER_USAGE", default)).Count == 2, "two GPUs scraped");

        var cases = new (string Query, PrometheusQueryErrorKind Kind)[]
        {
            ("sum(", PrometheusQueryErrorKind.QueryError),
            ("DCGM_FI_DEV_POWER_USAGE", PrometheusQueryErrorKind.MultipleSeries),
            ("0/0", PrometheusQueryErrorKind.NotFinite),
            ("1/0", PrometheusQueryErrorKind.NotFinite),
            ("-1/0", PrometheusQueryErrorKind.NotFinite),
            ("DCGM_FI_DEV_POWER_USAGE[1m]", PrometheusQueryErrorKind.QueryError),
        };
        foreach (var (query, kind) in cases)
        {
            var e = await Assert.ThrowsAsync<PrometheusQueryException>(() => Client.QueryScalarAsync(query, default));
            output.WriteLine($"{kind}: {e.Message}");
            Assert.Equal(kind, e.Kind);
            Assert.Contains(query, e.Message, StringComparison.Ordinal);
        }

        var parse = await Assert.ThrowsAsync<PrometheusQueryException>(() => Client.QueryScalarAsync("sum(", default));
        Assert.Equal("bad_data", parse.ErrorType);
        Assert.Equal(400, parse.StatusCode);
        Assert.Equal(42, await Client.QueryScalarAsync("scalar(vector(42))", default));
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        Exception? last = null;
        while (sw.Elapsed < WaitLimit)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (PrometheusQueryException e)
            {
                last = e;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"'{what}' did not hold within {WaitLimit.TotalSeconds} s. Last error: {last?.Message}");
    }
}

/// <summary>Stopping Prometheus makes the next query Unreachable.</summary>
public sealed class PrometheusStopTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PrometheusServer server = new();

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Stopped_prometheus_is_Unreachable()
    {
        using var http = new HttpClient();
        var client = new PrometheusClient(http, server.BaseUrl);
        Assert.Equal(1, await client.QueryScalarAsync("vector(1)", default));

        var sw = Stopwatch.StartNew();
        await server.StopAsync();
        var e = await Assert.ThrowsAsync<PrometheusQueryException>(() => client.QueryScalarAsync("vector(1)", default));
        output.WriteLine($"stopped and failed in {sw.ElapsedMilliseconds} ms: {e.Message}");
        Assert.Equal(PrometheusQueryErrorKind.Unreachable, e.Kind);
        Assert.Contains(server.BaseUrl.Authority, e.Message, StringComparison.Ordinal);
    }
}
