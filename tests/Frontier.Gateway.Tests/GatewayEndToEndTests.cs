using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Frontier.Gateway.Tests;

public sealed class GatewayEndToEndTests(ITestOutputHelper output)
{
    private static StringContent Chat(string model, bool stream = false) =>
        new($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]{{(stream ? ",\"stream\":true" : "")}}}""", Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ErrorOf(HttpResponseMessage r)
    {
        var json = JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();
        var error = json["error"]!.AsObject();
        Assert.True(error.ContainsKey("message") && error.ContainsKey("type") && error.ContainsKey("param") && error.ContainsKey("code"), json.ToJsonString());
        return error;
    }

    [Fact(Timeout = 120_000)]
    public async Task Weighted_split_follows_the_plan_and_rewrites_the_model()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        await using var b = await FakeOpenAiBackend.StartAsync("b");
        await using var gw = await GatewayHarness.StartAsync();
        gw.Use(Routes.Make("smart", true,
            new Routes.Cand("big", a.Url, "served-big", 0.7, 0, 0.002),
            new Routes.Cand("small", b.Url, "served-small", 0.3, 0, 0.0005)));

        const int total = 2000;
        using var gate = new SemaphoreSlim(16);
        var tasks = Enumerable.Range(0, total).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var r = await gw.Client.PostAsync("/v1/chat/completions", Chat("smart"));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);

        var shareA = a.Requests / (double)total;
        output.WriteLine($"big (weight 0.7): {a.Requests}/{total} = {shareA:0.000}; small (weight 0.3): {b.Requests}");
        Assert.Equal(total, a.Requests + b.Requests);
        Assert.InRange(shareA, 0.65, 0.75);
        Assert.All(a.Models, m => Assert.Equal("served-big", m));
        Assert.All(b.Models, m => Assert.Equal("served-small", m));

        var metrics = await gw.Client.GetStringAsync("/metrics");
        Assert.Contains($"frontier_gateway_requests_total{{route=\"team/route-smart\",candidate=\"big\",code=\"200\"}} {a.Requests}", metrics);
        Assert.Contains("frontier_gateway_tokens_total{route=\"team/route-smart\",candidate=\"big\",kind=\"prompt\"}", metrics);
        Assert.Contains("frontier_gateway_cost_usd_total{route=\"team/route-smart\",candidate=\"small\"}", metrics);
        Assert.Contains("frontier_gateway_time_to_first_token_seconds_count{route=\"team/route-smart\",candidate=\"big\"}", metrics);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_requests_get_openai_errors()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        await using var gw = await GatewayHarness.StartAsync(["--max-body-bytes", "2048"]);
        gw.Use(Routes.Make("smart", false, new Routes.Cand("only", a.Url, "served")));

        using (var r = await gw.Client.PostAsync("/v1/chat/completions", Chat("nope")))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("model_not_found", (await ErrorOf(r))["code"]!.GetValue<string>());
        }
        using (var r = await gw.Client.PostAsync("/v1/chat/completions", new StringContent("{not json", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            await ErrorOf(r);
        }
        using (var r = await gw.Client.PostAsync("/v1/completions", new StringContent("""{"prompt":"x"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("model", (await ErrorOf(r))["param"]!.GetValue<string>());
        }
        // What the backend would choke on, or read differently, stops at the edge.
        using (var r = await gw.Client.PostAsync("/v1/chat/completions", new ByteArrayContent(
            [.. "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\""u8.ToArray(), 0xff, 0xfe, .. "\"}]}"u8.ToArray()])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var error = await ErrorOf(r);
            Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
            Assert.Equal("invalid_encoding", error["code"]!.GetValue<string>());
        }
        using (var r = await gw.Client.PostAsync("/v1/chat/completions", new StringContent("""{"model":"smart","messages":[],"model":"other"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var error = await ErrorOf(r);
            Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
            Assert.Equal("duplicate_key", error["code"]!.GetValue<string>());
            Assert.Equal("model", error["param"]!.GetValue<string>());
        }
        Assert.Equal(0, a.Requests);
        var big = $$"""{"model":"smart","prompt":"{{new string('x', 4096)}}"}""";
        using (var r = await gw.Client.PostAsync("/v1/completions", new StringContent(big, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
            await ErrorOf(r);
        }
        using (var r = await gw.Client.PostAsync("/v1/embeddings", new StringContent("""{"model":"smart","input":"x"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var models = JsonNode.Parse(await gw.Client.GetStringAsync("/v1/models"))!;
        Assert.Equal("smart", models["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(0, a.Models.Count(m => m != "served"));
        Assert.Equal("ok", await gw.Client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await gw.Client.GetStringAsync("/readyz"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Not_ready_before_a_table_is_loaded()
    {
        await using var gw = await GatewayHarness.StartAsync();
        using var r = await gw.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_burst_never_exceeds_the_caps_and_spills_then_429s()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        await using var b = await FakeOpenAiBackend.StartAsync("b");
        a.Latency = b.Latency = TimeSpan.FromSeconds(3);
        await using var gw = await GatewayHarness.StartAsync(["--queue-wait", "00:00:00.5"]);
        gw.Use(Routes.Make("smart", true,
            new Routes.Cand("cheap", a.Url, "m-a", 0.5, 5),
            new Routes.Cand("good", b.Url, "m-b", 0.5, 5)));

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 100 }) { BaseAddress = new Uri(gw.Url) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var r = await client.PostAsync("/v1/chat/completions", Chat("smart"));
            return (r.StatusCode, RetryAfter: r.Headers.RetryAfter?.Delta, Body: await r.Content.ReadAsStringAsync());
        }));

        Assert.True(a.MaxConcurrency <= 5, $"a reached {a.MaxConcurrency}");
        Assert.True(b.MaxConcurrency <= 5, $"b reached {b.MaxConcurrency}");
        Assert.Equal(5, a.MaxConcurrency);
        Assert.Equal(5, b.MaxConcurrency); // both filled: the full one spilled to the other
        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        output.WriteLine($"max concurrency a={a.MaxConcurrency} b={b.MaxConcurrency}; 200: {ok}, 429: {responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests)}");
        // 3 s latency > 0.5 s wait: only the first 10 get a slot (a little slack for a slow machine where some
        // requests reach the gateway only after the first ones finished).
        Assert.Equal(50, ok + limited.Count);
        Assert.InRange(ok, 10, 15);
        Assert.All(limited, r =>
        {
            Assert.Equal(TimeSpan.FromSeconds(1), r.RetryAfter);
            Assert.Equal("rate_limit_exceeded", JsonNode.Parse(r.Body)!["error"]!["code"]!.GetValue<string>());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Waiting_requests_get_a_slot_that_frees_up_within_the_bound()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        a.Latency = TimeSpan.FromMilliseconds(300);
        await using var gw = await GatewayHarness.StartAsync(["--queue-wait", "00:00:05"]);
        gw.Use(Routes.Make("smart", true, new Routes.Cand("only", a.Url, "m", 1, 2)));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 100 }) { BaseAddress = new Uri(gw.Url) };
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var r = await client.PostAsync("/v1/chat/completions", Chat("smart"));
            return r.StatusCode;
        }));
        Assert.All(codes, c => Assert.Equal(HttpStatusCode.OK, c));
        Assert.Equal(2, a.MaxConcurrency);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("500")]
    [InlineData("drop")]
    [InlineData("refused")]
    public async Task A_failing_backend_is_retried_on_another_candidate(string failure)
    {
        await using var good = await FakeOpenAiBackend.StartAsync("good");
        await using var bad = await FakeOpenAiBackend.StartAsync("bad");
        var badUrl = bad.Url;
        if (failure == "500") bad.StatusCode = 500;
        if (failure == "drop") bad.DropConnection = true;
        if (failure == "refused")
        {
            await bad.DisposeAsync();
        }
        await using var gw = await GatewayHarness.StartAsync();
        gw.Use(Routes.Make("smart", true,
            new Routes.Cand("bad", badUrl, "m-bad", 0.9),
            new Routes.Cand("good", good.Url, "m-good", 0.1)));
        for (var i = 0; i < 20; i++)
        {
            using var r = await gw.Client.PostAsync("/v1/chat/completions", Chat("smart"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("good", JsonNode.Parse(await r.Content.ReadAsStringAsync())!["backend"]!.GetValue<string>());
        }
        Assert.Equal(20, good.Requests);
        var metrics = await gw.Client.GetStringAsync("/metrics");
        Assert.Contains($"frontier_gateway_backend_failures_total{{route=\"team/route-smart\",candidate=\"bad\",reason=\"{(failure == "500" ? "500" : "connect")}\"}}", metrics);
        Assert.Contains("frontier_gateway_requests_total{route=\"team/route-smart\",candidate=\"good\",code=\"200\"} 20", metrics);
        Assert.DoesNotContain("candidate=\"bad\",code=", metrics);
        // Ejected after 5 answers of 500 in a row, or 3 failed connections: skipped while the good one has room.
        Assert.Contains($"frontier_gateway_outlier_ejections_total{{route=\"team/route-smart\",candidate=\"bad\",reason=\"{(failure == "500" ? "consecutive_5xx" : "consecutive_connect_failures")}\"}} 1", metrics);
        if (failure != "refused") Assert.Equal(failure == "500" ? 5 : 3, bad.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task Server_sent_events_stream_through_chunk_by_chunk()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        a.SseChunks = 5;
        a.SseChunkDelay = TimeSpan.FromMilliseconds(400);
        await using var gw = await GatewayHarness.StartAsync();
        gw.Use(Routes.Make("smart", false, new Routes.Cand("only", a.Url, "served")));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat("smart", stream: true) };
        var watch = Stopwatch.StartNew();
        using var r = await gw.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        var times = new List<double>();
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                times.Add(watch.Elapsed.TotalSeconds);
                lines.Add(line);
            }
        }
        output.WriteLine("SSE data lines at (s): " + string.Join(", ", times.Select(t => t.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(6, lines.Count);
        Assert.Equal("data: [DONE]", lines[^1]);
        Assert.Contains("\"model\":\"served\"", lines[0]);
        Assert.True(times[^1] - times[0] > 1.2, $"first at {times[0]:0.000} s, last at {times[^1]:0.000} s");
        Assert.True(times[0] < 1.0, $"first chunk after {times[0]:0.000} s");
        // The gateway asked for usage on the client's behalf: its usage chunk and the "usage": null of the others are cut.
        Assert.DoesNotContain(lines, l => l.Contains("\"usage\"", StringComparison.Ordinal));
        foreach (var line in lines[..^1]) Assert.NotNull(System.Text.Json.Nodes.JsonNode.Parse(line["data: ".Length..])?["choices"]);
        Assert.Single(a.Models);

        var metrics = await gw.Client.GetStringAsync("/metrics");
        Assert.Contains("frontier_gateway_tokens_total{route=\"team/route-smart\",candidate=\"only\",kind=\"prompt\"} 11", metrics);
        Assert.Contains("frontier_gateway_tokens_total{route=\"team/route-smart\",candidate=\"only\",kind=\"completion\"} 5", metrics);

        // A client that asks for usage itself gets the usage chunk.
        var withUsage = new StringContent("{\"model\":\"smart\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}", Encoding.UTF8, "application/json");
        using var r2 = await gw.Client.PostAsync("/v1/chat/completions", withUsage);
        var text = await r2.Content.ReadAsStringAsync();
        Assert.Contains("\"choices\":[],\"usage\"", text);
        Assert.Equal(5, text.Split("\"usage\":null").Length - 1); // what the client asked for is left as the backend sent it
        Assert.EndsWith("data: [DONE]\n\n", text);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_that_hangs_up_mid_stream_releases_its_slot()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        a.SseChunks = 20;
        a.SseChunkDelay = TimeSpan.FromMilliseconds(200);
        await using var gw = await GatewayHarness.StartAsync();
        gw.Use(Routes.Make("smart", true, new Routes.Cand("only", a.Url, "served", 1, 1)));
        var route = gw.Holder.Current.Find("smart")!;
        var states = gw.App.Services.GetRequiredService<CandidateStates>();

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat("smart", stream: true) })
        using (var r = await gw.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
            Assert.Equal(1, states.Of(route, route.Candidates[0]).InFlight);
        } // disposing the response aborts the stream

        await Wait.UntilAsync(() => states.Of(route, route.Candidates[0]).InFlight == 0, "the lease to be released", TimeSpan.FromSeconds(10));
        using var again = await gw.Client.PostAsync("/v1/chat/completions", Chat("smart"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("frontier_gateway_in_flight{route=\"team/route-smart\",candidate=\"only\"} 0", await gw.Client.GetStringAsync("/metrics"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_asking_for_gzip_still_has_its_usage_counted()
    {
        await using var a = await FakeOpenAiBackend.StartAsync("a");
        await using var gw = await GatewayHarness.StartAsync();
        gw.Use(Routes.Make("smart", true, new Routes.Cand("only", a.Url, "served", 1, 4)));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat("smart") };
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var r = await gw.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(string.Empty, Assert.Single(a.AcceptEncodings)); // the backend is asked for identity
        Assert.Empty(r.Content.Headers.ContentEncoding);
        var metrics = await gw.Client.GetStringAsync("/metrics");
        Assert.Contains("frontier_gateway_tokens_total{route=\"team/route-smart\",candidate=\"only\",kind=\"prompt\"} 7", metrics);
        Assert.Contains("frontier_gateway_tokens_total{route=\"team/route-smart\",candidate=\"only\",kind=\"completion\"} 3", metrics);
    }
}
