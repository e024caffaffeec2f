using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Frontier.Gateway;

namespace Frontier.Benchmarks;

/// <summary>
/// The gateway's per-request JSON work on a streamed chat request: find "model", note "stream", set the candidate's
/// servedModel and ask for usage (stream_options.include_usage). Baseline: the DOM round-trip the gateway used before
/// (JsonNode.Parse, edit, JsonSerializer.SerializeToUtf8Bytes); against it, <see cref="RequestBody"/>'s one
/// Utf8JsonReader pass and splice. Bodies: a multi-turn chat of about 4 KB and one of about 64 KB, in paragraphs
/// (newlines), with quoted words and a line of code (escapes), and some non-ASCII (accents, CJK, emoji, typographic
/// punctuation), as real prompts carry.
/// </summary>
[MemoryDiagnoser]
public class GatewayBodyBenchmarks
{
    private static readonly string[] Sentences =
    [
        "Summarise the quarterly report in three bullet points and keep the figures exact.",
        "The café on the corner raised its prices by 12 % — is that in line with inflation?",
        "Translate into Japanese: the meeting moves to Thursday at 10:00. 会議は木曜日の10時に変更されます。",
        "Here is the stack trace from the failing job; explain the root cause before proposing a fix.",
        "Naïve approaches re-read the whole document on every turn, which costs tokens and latency.",
        "Write a haiku about Zürich in winter ❄️ and then explain its syllable count.",
        "Compare “throughput at a latency bound” with “peak throughput” for a 70B model on eight GPUs.",
        "List the assumptions you made, then the steps, then the answer; flag anything you are unsure of.",
        "The reviewer wrote \"ship it\" under the pull request, but the build log says `print(\"done\")` never ran.",
        "Keep the tone friendly, the answer short, and cite the section of the contract you rely on.",
    ];

    private byte[] _body = [];

    /// <summary>Approximate body size in bytes.</summary>
    [Params(4_096, 65_536)]
    public int BodyBytes { get; set; }

    /// <summary>Builds a chat request of about <see cref="BodyBytes"/> bytes and checks both ways agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var messages = new JsonArray { new JsonObject { ["role"] = "system", ["content"] = "You are a careful assistant. Answer in the user's language." } };
        var turn = 0;
        while (Encoding.UTF8.GetByteCount(messages.ToJsonString()) < BodyBytes - 200)
        {
            var text = new StringBuilder();
            for (var k = 0; k < 12; k++) text.Append(Sentences[(turn * 5 + k) % Sentences.Length]).Append(k % 4 == 3 ? "\n\n" : " ");
            messages.Add(new JsonObject { ["role"] = turn % 2 == 0 ? "user" : "assistant", ["content"] = text.ToString().TrimEnd() });
            turn++;
        }
        var request = new JsonObject
        {
            ["model"] = "chat", ["messages"] = messages, ["temperature"] = 0.2, ["max_tokens"] = 256, ["stream"] = true,
        };
        _body = JsonSerializer.SerializeToUtf8Bytes(request, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var a = JsonNode.Parse(DomRoundTrip());
        var b = JsonNode.Parse(OnePass());
        if (!JsonNode.DeepEquals(a, b)) throw new InvalidOperationException("the two rewrites disagree");
    }

    /// <summary>The former way: parse to a DOM, edit, serialise again.</summary>
    [Benchmark(Baseline = true)]
    public byte[] DomRoundTrip()
    {
        var json = (JsonObject)JsonNode.Parse(_body)!;
        _ = (string?)json["model"];
        var streaming = json["stream"] is JsonValue v && v.TryGetValue<bool>(out var s) && s;
        if (streaming)
        {
            if (json["stream_options"] is not JsonObject options) json["stream_options"] = options = new JsonObject();
            options["include_usage"] = true;
        }
        json["model"] = "Qwen2.5-72B-Instruct";
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    /// <summary>The gateway's way now: one reader pass, one splice.</summary>
    [Benchmark]
    public byte[] OnePass()
    {
        var facts = RequestBody.Inspect(_body);
        return RequestBody.Rewrite(_body, facts, "Qwen2.5-72B-Instruct", askForUsage: facts.Stream && !facts.ClientAskedForUsage);
    }
}
