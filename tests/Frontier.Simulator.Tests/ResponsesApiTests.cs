using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Frontier.Simulator.Tests;

/// <summary>POST /v1/responses (OpenAI's Responses API as vLLM serves it), over real HTTP on loopback.</summary>
[Collection(TimingCollection.Name)]
public class ResponsesApiTests
{
    /// <summary>The SSE events of a streamed call: (arrival, event name, data), with the event line checked against the data's type.</summary>
    private static async Task<List<(double At, string Event, JsonElement Data)>> EventsAsync(HttpClient client, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = HttpTests.Body(json) };
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(double, string, JsonElement)>();
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.Equal(name, data.GetProperty("type").GetString());
                events.Add((clock.Elapsed.TotalSeconds, name!, data));
            }
            else Assert.Equal("", line);
        }
        return events;
    }

    [Fact]
    public async Task A_string_input_gets_a_response_object_with_the_text_and_usage()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, CompletionTokens = 5 });
        var answer = await sim.Client.PostAsync("/v1/responses", HttpTests.Body("""{"model":"sim-model","input":"0123456789abcdef"}"""));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var r = await HttpTests.JsonAsync(answer);
        Assert.StartsWith("resp_", r.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("response", r.GetProperty("object").GetString());
        Assert.Equal("completed", r.GetProperty("status").GetString());
        Assert.Equal("sim-model", r.GetProperty("model").GetString());
        var message = Assert.Single(r.GetProperty("output").EnumerateArray().ToList());
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        var part = Assert.Single(message.GetProperty("content").EnumerateArray().ToList());
        Assert.Equal("output_text", part.GetProperty("type").GetString());
        Assert.Equal(5, part.GetProperty("text").GetString()!.Split(' ').Length);
        var usage = r.GetProperty("usage");
        Assert.Equal(4 + 4, usage.GetProperty("input_tokens").GetInt32()); // 16 characters ≈ 4 tokens, + 4 of template
        Assert.Equal(5, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(13, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Messages_instructions_and_max_output_tokens_count_as_vLLM_counts_them()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, CompletionTokens = 5 });
        var r = await HttpTests.JsonAsync(await sim.Client.PostAsync("/v1/responses", HttpTests.Body("""
            {"model":"sim-model","instructions":"12345678","max_output_tokens":3,
             "input":[{"role":"user","content":"abcd"},{"type":"message","role":"user","content":[{"type":"input_text","text":"efghijkl"}]}]}
            """)));
        Assert.Equal((4 + 2) + (4 + 1) + (4 + 2), r.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(3, r.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        // The simulator always writes max_output_tokens tokens: the limit cut the text, as OpenAI reports it.
        Assert.Equal("incomplete", r.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", r.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("12345678", r.GetProperty("instructions").GetString());
        Assert.Equal(3, r.GetProperty("max_output_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"sim-model"}""", 400, "input")]
    [InlineData("""{"model":"sim-model","input":42}""", 400, "input")]
    [InlineData("""{"model":"sim-model","input":"x","max_output_tokens":0}""", 400, "max_output_tokens")]
    [InlineData("""{"model":"other","input":"x"}""", 404, "model")]
    public async Task Bad_requests_get_OpenAIs_error_shape(string json, int status, string param)
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01 });
        var answer = await sim.Client.PostAsync("/v1/responses", HttpTests.Body(json));
        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Equal(param, (await HttpTests.JsonAsync(answer)).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Streamed_events_arrive_token_by_token_and_end_with_the_usage()
    {
        // 0.45 s at c=1 scaled by 2: TTFT 0.12 s, the 8 tokens spread over ~0.78 s. The first call also warms the JSON writer up.
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 2, CompletionTokens = 8 });
        var cut = await EventsAsync(sim.Client, """{"model":"sim-model","stream":true,"input":"hi","max_output_tokens":2}""");
        Assert.Equal("response.completed", cut[^1].Event);
        Assert.Equal("incomplete", cut[^1].Data.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal(2, cut[^1].Data.GetProperty("response").GetProperty("usage").GetProperty("output_tokens").GetInt32());

        var events = await EventsAsync(sim.Client, """{"model":"sim-model","stream":true,"input":[{"role":"user","content":"hi"}]}""");
        string[] expected =
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            .. Enumerable.Repeat("response.output_text.delta", 8),
            "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
        ];
        Assert.Equal(expected, events.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.Equal(JsonValueKind.Null, events[0].Data.GetProperty("response").GetProperty("usage").ValueKind);
        Assert.Equal("in_progress", events[0].Data.GetProperty("response").GetProperty("status").GetString());
        var deltas = events.Where(e => e.Event == "response.output_text.delta").ToList();
        var text = string.Concat(deltas.Select(d => d.Data.GetProperty("delta").GetString()));
        Assert.Equal(text, events.Single(e => e.Event == "response.output_text.done").Data.GetProperty("text").GetString());
        var final = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.Equal(text, final.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(8, final.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(4 + 1, final.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        var gap = deltas[^1].At - deltas[0].At;
        Assert.True(gap > 0.3, $"first and last delta {gap:F3}s apart");
    }

    [Fact]
    public async Task Responses_count_in_the_vLLM_metrics_like_chat()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, CompletionTokens = 5 });
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostAsync("/v1/responses", HttpTests.Body("""{"model":"sim-model","input":"abcd"}"""))).StatusCode);
        await EventsAsync(sim.Client, """{"model":"sim-model","stream":true,"input":"abcd","max_output_tokens":3}""");
        var metrics = await sim.Client.GetStringAsync("/metrics");
        Assert.Equal(1, Frontier.Testing.PrometheusText.Sum(metrics, "vllm:request_success_total", new Dictionary<string, string> { ["finished_reason"] = "stop" }));
        Assert.Equal(1, Frontier.Testing.PrometheusText.Sum(metrics, "vllm:request_success_total", new Dictionary<string, string> { ["finished_reason"] = "length" }));
        Assert.Equal(5 + 3, Frontier.Testing.PrometheusText.Sum(metrics, "vllm:generation_tokens_total"));
        Assert.Equal(2 * (4 + 1), Frontier.Testing.PrometheusText.Sum(metrics, "vllm:prompt_tokens_total"));
    }
}
