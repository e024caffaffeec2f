using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Frontier.Simulator.Tests;

/// <summary>Real HTTP against a simulator on loopback.</summary>
[Collection(TimingCollection.Name)]
public class HttpTests
{
    internal static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task ModelsListsTheServedModelAndHealthIsOk()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { ServedModel = "served-x" });
        var models = await JsonAsync(await sim.Client.GetAsync("/v1/models"));
        Assert.Equal("list", models.GetProperty("object").GetString());
        var only = Assert.Single(models.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal("served-x", only.GetProperty("id").GetString());
        Assert.Equal("model", only.GetProperty("object").GetString());
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task HealthAnswers503UntilTheStartupSecondsHavePassed()
    {
        var clock = Stopwatch.StartNew();
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { StartupSeconds = 1.5 });
        var early = await sim.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Contains("loading", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        while ((await sim.Client.GetAsync("/health")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "/health never turned 200");
            await Task.Delay(50);
        }
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"/health was 200 after {clock.Elapsed.TotalSeconds:0.00} s, before --startup-seconds 1.5");
    }

    [Fact]
    public async Task NonStreamedResponsesCarryUsage()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, CompletionTokens = 5 });
        var chat = await sim.Client.PostAsync("/v1/chat/completions",
            Body("""{"model":"sim-model","messages":[{"role":"user","content":"0123456789abcdef"}]}"""));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var c = await JsonAsync(chat);
        Assert.Equal("chat.completion", c.GetProperty("object").GetString());
        Assert.Equal("sim-model", c.GetProperty("model").GetString());
        var choice = c.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(5, choice.GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = c.GetProperty("usage");
        Assert.Equal(4 + 4, usage.GetProperty("prompt_tokens").GetInt32()); // 16 chars ≈ 4 tokens + 4 of template
        Assert.Equal(5, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(13, usage.GetProperty("total_tokens").GetInt32());

        var completion = await JsonAsync(await sim.Client.PostAsync("/v1/completions",
            Body("""{"model":"sim-model","prompt":"12345678","max_tokens":3}""")));
        Assert.Equal("text_completion", completion.GetProperty("object").GetString());
        Assert.Equal("length", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, completion.GetProperty("choices")[0].GetProperty("text").GetString()!.Split(' ').Length);
        Assert.Equal(2, completion.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(3, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(5, completion.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        var embeddings = await JsonAsync(await sim.Client.PostAsync("/v1/embeddings",
            Body("""{"model":"sim-model","input":["abcd","efgh"]}""")));
        Assert.Equal(2, embeddings.GetProperty("data").GetArrayLength());
        Assert.Equal(16, embeddings.GetProperty("data")[1].GetProperty("embedding").GetArrayLength());
        Assert.Equal(2, embeddings.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    /// <summary>Reads an SSE body line by line as it arrives, noting when each data line came.</summary>
    internal static async Task<List<(double At, string Data)>> ReadSseAsync(HttpClient client, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(json) };
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(double, string)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            Assert.StartsWith("data: ", line);
            events.Add((clock.Elapsed.TotalSeconds, line["data: ".Length..]));
        }
        return events;
    }

    [Fact]
    public async Task StreamedChatArrivesChunkByChunk()
    {
        // 0.45 s at c=1 scaled by 0.5: TTFT 30 ms, last token ~225 ms later.
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.5, CompletionTokens = 8 });
        var events = await ReadSseAsync(sim.Client, "/v1/chat/completions",
            """{"model":"sim-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => (e.At, Json: JsonDocument.Parse(e.Data).RootElement)).ToList();
        Assert.Equal(1 + 8 + 1, chunks.Count); // role, 8 tokens, finish
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.Json.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.False(c.Json.TryGetProperty("usage", out _)));
        Assert.Equal("assistant", chunks[0].Json.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Skip(1).Take(8).Select(c => c.Json.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(8, text.Split(' ').Length);
        Assert.Equal("stop", chunks[^1].Json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        // Incremental: the first token arrived well before the last (decode spreads ~0.2 s over 8 tokens).
        var gap = chunks[8].At - chunks[1].At;
        Assert.True(gap > 0.05, $"first and last token {gap:F3}s apart");
    }

    [Fact]
    public async Task IncludeUsageAddsAFinalUsageChunk()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, CompletionTokens = 4 });
        var events = await ReadSseAsync(sim.Client, "/v1/completions",
            """{"model":"sim-model","stream":true,"stream_options":{"include_usage":true},"prompt":"abcdefgh"}""");
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal(4 + 1, chunks.Count);
        Assert.All(chunks.Take(4), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        Assert.Equal("stop", chunks[3].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(2, last.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(4, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(6, last.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        var without = await ReadSseAsync(sim.Client, "/v1/completions",
            """{"model":"sim-model","stream":true,"stream_options":{"include_usage":false},"prompt":"abcdefgh"}""");
        Assert.Equal(4 + 1, without.Count);
        Assert.All(without.SkipLast(1), e => Assert.False(JsonDocument.Parse(e.Data).RootElement.TryGetProperty("usage", out _)));
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    [InlineData("/v1/embeddings")]
    public async Task ErrorsHaveOpenAiShape(string path)
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01 });
        var wrong = await sim.Client.PostAsync(path, Body("""{"model":"other","prompt":"x","input":"x","messages":[]}"""));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        AssertError(await JsonAsync(wrong), "model_not_found");
        var malformed = await sim.Client.PostAsync(path, Body("""{"model": "sim-model", """));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        AssertError(await JsonAsync(malformed), null);
        var notObject = await sim.Client.PostAsync(path, Body("[1]"));
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
    }

    /// <summary>vLLM answers 400 to a body that is not UTF-8; reading such a string must not become a 500.</summary>
    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"sim-model","messages":[{"role":"user","content":"@"}]}""")]
    [InlineData("/v1/completions", """{"model":"sim-model","prompt":"@"}""")]
    [InlineData("/v1/embeddings", """{"model":"sim-model","input":["ok","@"]}""")]
    [InlineData("/v1/chat/completions", """{"model":"@","messages":[]}""")]
    public async Task BytesThatAreNotUtf8Get400(string path, string template)
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01 });
        var at = template.IndexOf('@', StringComparison.Ordinal);
        byte[] body = [.. Encoding.UTF8.GetBytes(template[..at]), 0xff, 0xfe, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await sim.Client.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The same text, valid, is served.
        var valid = template.Replace("@", "café 日本", StringComparison.Ordinal).Replace("\"model\":\"café 日本\"", "\"model\":\"sim-model\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostAsync(path, Body(valid))).StatusCode);
    }

    internal static void AssertError(JsonElement body, string? code)
    {
        var error = body.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.Equal(code, error.GetProperty("code").GetString());
    }
}
