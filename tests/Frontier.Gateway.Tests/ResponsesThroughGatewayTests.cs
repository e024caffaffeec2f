using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Frontier.Testing;

namespace Frontier.Gateway.Tests;

/// <summary>POST /v1/responses through the gateway: routed by "model" like the others, streamed through unchanged, its
/// usage (input_tokens/output_tokens, in the body or in response.completed) counted, and no stream_options added.</summary>
public sealed class ResponsesThroughGatewayTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static double Tokens(string metrics, string kind) => PrometheusText.Sum(metrics, "frontier_gateway_tokens_total",
        new Dictionary<string, string> { ["route"] = "default/responses", ["candidate"] = "sim", ["kind"] = kind });

    [Fact(Timeout = 120_000)]
    public async Task Responses_reach_the_simulator_and_their_tokens_are_counted()
    {
        await using var simulator = await SimulatorProcess.StartAsync("sim-model", 0.05, completionTokens: 6);
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Use(simulator.AsRoute("responses", "sim-model"));

        var answer = await gateway.Client.PostAsync("/v1/responses", Json("""{"model":"responses","input":"abcdefgh"}"""));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal("sim-model", body["model"]!.GetValue<string>());
        Assert.Equal(4 + 2, body["usage"]!["input_tokens"]!.GetValue<int>());
        Assert.Equal(6, body["usage"]!["output_tokens"]!.GetValue<int>());
        var metrics = await gateway.Client.GetStringAsync("/metrics");
        Assert.Equal(6, Tokens(metrics, "prompt"));
        Assert.Equal(6, Tokens(metrics, "completion"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            Content = Json("""{"model":"responses","stream":true,"instructions":"abcd","input":[{"role":"user","content":"abcd"}],"max_output_tokens":4}"""),
        };
        using var streamed = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var text = await streamed.Content.ReadAsStringAsync();
        var events = text.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l["event: ".Length..]).ToList();
        Assert.Equal("response.created", events[0]);
        Assert.Equal(4, events.Count(e => e == "response.output_text.delta"));
        Assert.Equal("response.completed", events[^1]);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);

        metrics = await gateway.Client.GetStringAsync("/metrics");
        Assert.Equal(6 + (4 + 1) + (4 + 1), Tokens(metrics, "prompt"));
        Assert.Equal(6 + 4, Tokens(metrics, "completion"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_streamed_response_is_forwarded_without_stream_options_while_chat_gets_them()
    {
        await using var backend = await FakeOpenAiBackend.StartAsync("a");
        backend.SseChunks = 2;
        backend.SseChunkDelay = TimeSpan.FromMilliseconds(10);
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Use(Routes.Make("smart", false, new Routes.Cand("only", backend.Url, "served")));

        var responses = await gateway.Client.PostAsync("/v1/responses", Json("""{"model":"smart","stream":true,"input":"hi"}"""));
        Assert.Equal(HttpStatusCode.OK, responses.StatusCode);
        var chat = await gateway.Client.PostAsync("/v1/chat/completions", Json("""{"model":"smart","stream":true,"messages":[]}"""));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);

        var bodies = backend.Bodies.ToDictionary(b => b.Path, b => JsonNode.Parse(b.Body)!.AsObject());
        Assert.False(bodies["/v1/responses"].ContainsKey("stream_options"), bodies["/v1/responses"].ToJsonString());
        Assert.Equal("served", bodies["/v1/responses"]["model"]!.GetValue<string>());
        Assert.True(bodies["/v1/chat/completions"]["stream_options"]!["include_usage"]!.GetValue<bool>());
    }
}
