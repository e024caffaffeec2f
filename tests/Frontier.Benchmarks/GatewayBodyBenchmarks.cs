using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Frontier.Gateway;

namespace Frontier.Benchmarks;

/// <summary>
/// The gateway's per-request JSON work on a streamed chat request: find "model", note "stream", set the candidate's
/// servedModel and ask for usage (stream_options.include_usage). Baseline: the DOM round-trip the gateway used before
/// (JsonNode.Parse, edit, JsonSerializer.SerializeToUtf8Bytes); against it, <see cref="RequestBody"/>'s one
/// Utf8JsonReader pass and splice. Bodies: <see cref="ChatBodies"/> of about 4 KB and 64 KB.
/// </summary>
[MemoryDiagnoser]
public class GatewayBodyBenchmarks
{
    private byte[] _body = [];

    /// <summary>Approximate body size in bytes.</summary>
    [Params(4_096, 65_536)]
    public int BodyBytes { get; set; }

    /// <summary>Builds a chat request of about <see cref="BodyBytes"/> bytes and checks both ways agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _body = ChatBodies.Streamed(BodyBytes);
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
