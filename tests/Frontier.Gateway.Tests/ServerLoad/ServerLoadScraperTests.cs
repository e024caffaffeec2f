using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Frontier.Gateway.ServerLoad;
using Frontier.Simulator;
using Frontier.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Frontier.Gateway.Tests.ServerLoad;

/// <summary>The scraper against real simulator processes on loopback, running on its own timer.</summary>
public sealed class ServerLoadScraperTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FewIntervals = TimeSpan.FromSeconds(5);

    /// <summary>A simulator whose requests take about 0.7 s × 5 = 3.5 s at 6 in flight, and that runs at most 4 at once.</summary>
    private static Task<FrontierSimulatorProcess> SlowSimulatorAsync(string name) =>
        FrontierSimulatorProcess.StartAsync(["--served-model", name, "--time-scale", "5", "--max-num-seqs", "4"], name);

    private static double QueueOf(string metrics) =>
        PrometheusText.Sum(metrics, "vllm:num_requests_running") + PrometheusText.Sum(metrics, "vllm:num_requests_waiting");

    private static async Task<HttpResponseMessage> ChatAsync(HttpClient http, string url, string model) =>
        await http.PostAsync($"{url}/v1/chat/completions",
            new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

    [Fact(Timeout = 120_000)]
    public async Task Others_load_follows_the_servers_running_and_waiting_less_our_own()
    {
        await using var loaded = await SlowSimulatorAsync("loaded");
        await using var idle = await SlowSimulatorAsync("idle");
        var ownAtLoaded = 0;
        var logger = new LinesLogger<ServerLoadScraper>(output);
        using var scraper = new ServerLoadScraper(Interval, a => a == loaded.Url ? Volatile.Read(ref ownAtLoaded) : 0, TimeProvider.System, logger);
        var fell = 0;
        scraper.OthersLoadFell += () => Interlocked.Increment(ref fell);
        scraper.Track([loaded.Url, idle.Url]);
        await scraper.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(0, scraper.OthersLoad(loaded.Url));

            // Six requests on one server: 4 running, 2 waiting. Two of them are "ours".
            Volatile.Write(ref ownAtLoaded, 2);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var requests = Enumerable.Range(0, 6).Select(_ => ChatAsync(http, loaded.Url, "loaded")).ToArray();
            await Poll.UntilAsync(async () => QueueOf(await loaded.MetricsAsync()), n => n == 6, FewIntervals, "the server holding all six",
                every: TimeSpan.FromMilliseconds(20));
            var lag = System.Diagnostics.Stopwatch.StartNew();
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(loaded.Url)), n => n == 4, FewIntervals,
                "OthersLoad(loaded) = 6 on the server − 2 ours", every: TimeSpan.FromMilliseconds(20));
            output.WriteLine($"OthersLoad caught up {lag.Elapsed.TotalMilliseconds:0} ms after the server held all six (interval {Interval.TotalMilliseconds:0} ms)");
            await Task.Delay(Interval * 3);
            Assert.Equal(4, scraper.OthersLoad(loaded.Url));
            Assert.Equal(0, scraper.OthersLoad(idle.Url));
            Assert.Equal(6, QueueOf(await loaded.MetricsAsync())); // still all six: the reading above was of this state
            Volatile.Write(ref fell, 0); // counted from the steady 4 on

            // Ours alone: others' load is never negative.
            Volatile.Write(ref ownAtLoaded, 9);
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(loaded.Url)), n => n == 0, FewIntervals, "OthersLoad(loaded) = 0 when ours exceed the server's");
            Assert.True(Volatile.Read(ref fell) > 0, "others' load fell from 4 to 0 and OthersLoadFell was not raised (waiting requests would not look again)");
            Volatile.Write(ref ownAtLoaded, 0);
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(loaded.Url)), n => n > 0, FewIntervals, "OthersLoad(loaded) > 0 again");

            foreach (var r in await Task.WhenAll(requests)) Assert.True(r.IsSuccessStatusCode, r.ToString());
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(loaded.Url)), n => n == 0, FewIntervals, "OthersLoad(loaded) back to 0 once the requests finished");

            // Forgotten addresses read 0 at once.
            var more = Enumerable.Range(0, 3).Select(_ => ChatAsync(http, loaded.Url, "loaded")).ToArray();
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(loaded.Url)), n => n == 3, FewIntervals, "OthersLoad(loaded) = 3");
            scraper.Track([idle.Url]);
            Assert.Equal(0, scraper.OthersLoad(loaded.Url));
            await Task.Delay(Interval * 5);
            Assert.Equal(0, scraper.OthersLoad(loaded.Url));
            await Task.WhenAll(more);
        }
        finally
        {
            await scraper.StopAsync(CancellationToken.None);
        }
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_dead_a_hung_or_a_metric_less_address_reads_0_with_one_line_each_and_holds_no_other_up()
    {
        await using var sim = await SlowSimulatorAsync("alive");
        await using var gateway = await GatewayHarness.StartAsync(); // serves /metrics, but not vLLM's
        await gateway.Client.GetStringAsync("/metrics"); // warm: its first answer must not be what times out
        var dead = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}");
        using var hung = new TcpListener(IPAddress.Loopback, 0); // accepts, never answers
        hung.Start(backlog: 64);
        var hungUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}");
        var logger = new LinesLogger<ServerLoadScraper>(output);
        using var scraper = new ServerLoadScraper(Interval, _ => 0, TimeProvider.System, logger);
        scraper.Track([sim.Url, dead, gateway.Url, hungUrl]);
        await scraper.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var requests = Enumerable.Range(0, 2).Select(_ => ChatAsync(http, sim.Url, "alive")).ToArray();
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(sim.Url)), n => n == 2, FewIntervals, "OthersLoad(alive) = 2");
            await Task.Delay(scraper.ScrapeTimeout * 3); // three timeouts of the hung one, many rounds of the others: still one line each
            Assert.Equal(0, scraper.OthersLoad(dead));
            Assert.Equal(0, scraper.OthersLoad(gateway.Url));
            Assert.Equal(0, scraper.OthersLoad(hungUrl));
            Assert.Equal(0, scraper.OthersLoad("http://127.0.0.1:1")); // never tracked
            await Task.WhenAll(requests);
            // The hung server holds up only itself: the live one's reading keeps up with its queue emptying.
            await Poll.UntilAsync(() => Task.FromResult(scraper.OthersLoad(sim.Url)), n => n == 0, TimeSpan.FromSeconds(1), "OthersLoad(alive) = 0 again");
        }
        finally
        {
            await scraper.StopAsync(CancellationToken.None);
        }
        var warnings = logger.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Single(warnings, w => w.Contains(dead + "/metrics (ConnectionError", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Contains(gateway.Url + "/metrics (no vllm:num_requests_running", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Contains(hungUrl + "/metrics (no answer within", StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.DoesNotContain("\n", l.Text, StringComparison.Ordinal)); // one line, no stack trace
    }

    [Fact(Timeout = 120_000)]
    public async Task A_server_that_comes_back_reads_again_and_says_so_once()
    {
        var port = PortAllocator.FreeLoopbackPort();
        var address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var logger = new LinesLogger<ServerLoadScraper>(output);
        using var scraper = new ServerLoadScraper(Interval, _ => 0, TimeProvider.System, logger);
        scraper.Track([address]);
        await scraper.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(logger.Lines.Count), n => n == 1, FewIntervals, "the line about the dead address");
            await using var sim = SimulatorApp.Build(new SimulatorOptions { ServedModel = "late", Urls = address });
            await sim.StartAsync();
            await Poll.UntilAsync(() => Task.FromResult(logger.Lines.Count), n => n == 2, TimeSpan.FromSeconds(30), "the line saying it reads again");
            await Task.Delay(Interval * 5);
            await sim.StopAsync();
        }
        finally
        {
            await scraper.StopAsync(CancellationToken.None);
        }
        Assert.Equal(LogLevel.Warning, logger.Lines[0].Level);
        Assert.Equal(LogLevel.Information, logger.Lines[1].Level);
        Assert.Contains("reads again", logger.Lines[1].Text, StringComparison.Ordinal);
    }
}
