using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Gateway.Tests;

/// <summary>
/// Outlier detection on real parts: a frontier-gateway process in front of two frontier-simulator processes. A poison
/// request (one every model server answers 500) ejects nothing and leaves the split as planned; a backend that really
/// fails is ejected after 5 answers of 500 in a row, logged once, and back when the ejection time is up.
/// </summary>
public sealed class OutlierDetectionProcessTests(ITestOutputHelper output)
{
    private const string Token = "admin-secret";
    private const string Poison = "POISON-7f3a";
    private static readonly TimeSpan BaseEjection = TimeSpan.FromSeconds(3);

    private static StringContent Chat(string text) =>
        new($$"""{"model":"chat","messages":[{"role":"user","content":"{{text}}"}],"max_tokens":4}""", Encoding.UTF8, "application/json");

    [Fact(Timeout = 180_000)]
    public async Task A_poison_request_ejects_nothing_and_a_failing_backend_is_ejected_and_comes_back()
    {
        await using var big = await SimulatorProcess.StartAsync("m-big", 0.01, adminToken: Token);
        await using var small = await SimulatorProcess.StartAsync("m-small", 0.01, adminToken: Token);
        var dir = Directory.CreateTempSubdirectory("frontier-gw-outlier-").FullName;
        var routes = Path.Combine(dir, "routes.yaml");
        await File.WriteAllTextAsync(routes, RoutesYaml(big.Url, small.Url));
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}");
        await using var gateway = DotnetAppProcess.Start(DotnetAppProcess.BesideTests("frontier-gateway"),
            ["--routes", routes, "--urls", url, "--base-ejection-time", "3s"], "frontier-gateway");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        await gateway.WaitUntilHealthyAsync(http, new Uri($"{url}/readyz"), TimeSpan.FromSeconds(60));

        // 1. Both model servers crash on one input. One client sends twenty of those in a row (each fails on both
        // candidates) while others send good traffic, which must keep the plan's 0.7 / 0.3.
        await big.SetFaultAsync(Token, $$"""{"mode":"fail","rate":1,"match":"{{Poison}}"}""");
        await small.SetFaultAsync(Token, $$"""{"mode":"fail","rate":1,"match":"{{Poison}}"}""");
        const int total = 600;
        var good = 0;
        var poison = Task.Run(async () =>
        {
            while (Volatile.Read(ref good) < total / 10) await Task.Delay(5); // the split is under way
            for (var i = 0; i < 20; i++)
            {
                using var r = await http.PostAsync("/v1/chat/completions", Chat($"please read {Poison} and answer"));
                Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
            }
        });
        using (var gate = new SemaphoreSlim(4))
        {
            await Task.WhenAll(Enumerable.Range(0, total).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    using var r = await http.PostAsync("/v1/chat/completions", Chat("hello"));
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    Interlocked.Increment(ref good);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await poison;
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Equal(20, PrometheusText.Sum(metrics, "frontier_gateway_poison_requests_total"));
        Assert.Equal(0, PrometheusText.Sum(metrics, "frontier_gateway_outlier_ejections_total"));
        var share = Answered(metrics, "big") / total;
        output.WriteLine($"with 20 poison requests among them: big {share:0.000} of {total} (weight 0.7)");
        Assert.InRange(share, 0.7 - 0.07, 0.7 + 0.07); // ±3.7 standard deviations of a binomial share

        // 2. The big one really fails: every request of it gets 500, so the 5th in a row ejects it.
        await big.SetFaultAsync(Token, """{"mode":"fail","rate":1}""");
        var failedBefore = Failures(metrics); // the poison requests' first attempts count here too
        var sent = 0;
        while (Ejections(metrics) == 0)
        {
            Assert.True(++sent <= 200, "no ejection after 200 requests");
            using var r = await http.PostAsync("/v1/chat/completions", Chat("hello"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode); // retried on the small one
            metrics = await http.GetStringAsync("/metrics");
        }
        var ejected = Stopwatch.StartNew();
        Assert.Equal(5, Failures(metrics) - failedBefore);
        await big.SetFaultAsync(Token, """{"mode":"none"}""");

        // While ejected it gets nothing; once the 3 s are up it answers again.
        var before = Answered(metrics, "big");
        for (var i = 0; i < 20 && ejected.Elapsed < BaseEjection - TimeSpan.FromSeconds(1); i++)
        {
            using var r = await http.PostAsync("/v1/chat/completions", Chat("hello"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        metrics = await http.GetStringAsync("/metrics");
        if (ejected.Elapsed < BaseEjection) Assert.Equal(before, Answered(metrics, "big"));
        await Poll.UntilAsync(async () =>
            {
                using var r = await http.PostAsync("/v1/chat/completions", Chat("hello"));
                return Answered(await http.GetStringAsync("/metrics"), "big");
            }, n => n > before, TimeSpan.FromSeconds(20), "the ejected candidate to come back", () => gateway.LogTail(), every: TimeSpan.FromMilliseconds(100));
        output.WriteLine($"back after {ejected.Elapsed.TotalSeconds:0.0} s (base ejection time {BaseEjection.TotalSeconds} s)");
        Assert.True(ejected.Elapsed >= BaseEjection - TimeSpan.FromSeconds(0.5), $"back after {ejected.Elapsed}");

        var log = gateway.LogTail(DotnetAppProcess.KeptLines);
        output.WriteLine(log);
        Assert.Equal(1, log.Split('\n').Count(l => l.Contains("warn", StringComparison.Ordinal) && l.Contains("candidate big", StringComparison.Ordinal) && l.Contains("ejected for", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Backends_that_are_down_get_a_502_and_one_log_line_per_failure_without_a_stack_trace()
    {
        var dir = Directory.CreateTempSubdirectory("frontier-gw-down-").FullName;
        var routes = Path.Combine(dir, "routes.yaml");
        string Closed() => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}"); // nothing listens
        await File.WriteAllTextAsync(routes, RoutesYaml(Closed(), Closed()));
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}");
        await using var gateway = DotnetAppProcess.Start(DotnetAppProcess.BesideTests("frontier-gateway"), ["--routes", routes, "--urls", url], "frontier-gateway");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        await gateway.WaitUntilHealthyAsync(http, new Uri($"{url}/readyz"), TimeSpan.FromSeconds(60));

        for (var i = 0; i < 2; i++)
        {
            using var r = await http.PostAsync("/v1/chat/completions", Chat("hello"));
            Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode); // tried on one candidate, retried on the other
        }
        var log = await Poll.UntilAsync(() => Task.FromResult<string?>(gateway.LogTail(DotnetAppProcess.KeptLines)),
            l => l!.Split('\n').Count(line => line.Contains("connection failed", StringComparison.Ordinal)) >= 4, TimeSpan.FromSeconds(10),
            "one line per connection failure");
        output.WriteLine(log);
        Assert.Equal(4, log!.Split('\n').Count(line => line.Contains("connection failed", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("HttpRequestException", log, StringComparison.Ordinal);
    }

    private static double Answered(string metrics, string candidate) =>
        PrometheusText.Sum(metrics, "frontier_gateway_requests_total", new Dictionary<string, string> { ["candidate"] = candidate, ["code"] = "200" });

    private static double Failures(string metrics) =>
        PrometheusText.Sum(metrics, "frontier_gateway_backend_failures_total", new Dictionary<string, string> { ["candidate"] = "big", ["reason"] = "500" });

    private static double Ejections(string metrics) =>
        PrometheusText.Sum(metrics, "frontier_gateway_outlier_ejections_total", new Dictionary<string, string> { ["candidate"] = "big", ["reason"] = "consecutive_5xx" });

    private static string RoutesYaml(string bigUrl, string smallUrl) => $$$"""
        apiVersion: frontier.dev/v1alpha1
        kind: ModelRoute
        metadata: {name: chat, namespace: team}
        spec:
          model: chat
          candidates:
            - {name: small, benchmark: small-bench, servedModel: m-small, backend: {url: "{{{smallUrl}}}"}, replicas: {max: 4}}
            - {name: big, benchmark: big-bench, servedModel: m-big, backend: {url: "{{{bigUrl}}}"}, replicas: {max: 4}}
        status:
          plan:
            hourlyCost: 1
            candidates:
              - {name: big, weight: 0.7, replicas: 1, concurrencyPerReplica: 64, maxInFlight: 64, costPerRequestUsd: 0.002}
              - {name: small, weight: 0.3, replicas: 1, concurrencyPerReplica: 64, maxInFlight: 64, costPerRequestUsd: 0.0005}
        """;
}
