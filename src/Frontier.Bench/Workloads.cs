using System.Buffers;
using System.Text;
using System.Text.Json;
using Frontier.Traces;

namespace Frontier.Bench;

/// <summary>
/// The requests a benchmark sends, cycled in order at every level: lines of a JSONL dataset, token lengths of an
/// Azure-format trace, or one synthetic shape. Every body streams and asks for usage (<c>stream_options.include_usage</c>)
/// so output tokens come from the server.
/// </summary>
public static class Workloads
{
    /// <summary>The chat endpoint below the base URL.</summary>
    public const string ChatPath = "chat/completions";

    /// <summary>The completions endpoint below the base URL.</summary>
    public const string CompletionsPath = "completions";

    /// <summary>A prompt of about <paramref name="inputTokens"/> tokens (one short word each) and <paramref name="outputTokens"/> to generate.</summary>
    public static IReadOnlyList<WorkloadItem> Synthetic(string model, int inputTokens, int outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        return [Chat(model, w => WriteUserMessage(w, Prompt(inputTokens)), outputTokens)];
    }

    /// <summary>
    /// One request per line of <paramref name="path"/>: <c>{"messages": [...], "max_tokens": N}</c> (chat) or
    /// <c>{"prompt": "...", "max_tokens": N}</c> (completions); max_tokens is optional. Blank lines are skipped.
    /// </summary>
    public static IReadOnlyList<WorkloadItem> FromDataset(string path, string model)
    {
        if (!File.Exists(path)) throw new WorkloadException($"{path}: file not found");
        var items = new List<WorkloadItem>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            items.Add(DatasetLine(line, model, $"{path}:{lineNumber}"));
        }
        return items.Count > 0 ? items : throw new WorkloadException($"{path}: no requests (expected one JSON object per line)");
    }

    /// <summary>One request per trace line: a prompt of its ContextTokens and its GeneratedTokens to generate (at most <paramref name="limit"/> lines).</summary>
    public static IReadOnlyList<WorkloadItem> FromTrace(IEnumerable<TraceRequest> trace, string model, int limit)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return [.. trace.Take(limit).Select(r => Chat(model, w => WriteUserMessage(w, Prompt(Math.Max(1, r.InputTokens))), Math.Max(1, r.OutputTokens)))];
    }

    private static WorkloadItem DatasetLine(string line, string model, string at)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new WorkloadException($"{at}: not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new WorkloadException($"{at}: expected a JSON object");
            int? maxTokens = null;
            if (root.TryGetProperty("max_tokens", out var max))
            {
                maxTokens = max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var n) && n >= 1
                    ? n
                    : throw new WorkloadException($"{at}: max_tokens must be a whole number ≥ 1");
            }
            if (root.TryGetProperty("messages", out var messages))
            {
                if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
                    throw new WorkloadException($"{at}: messages must be a non-empty array");
                var copy = messages.Clone();
                return Chat(model, w => { w.WritePropertyName("messages"); copy.WriteTo(w); }, maxTokens);
            }
            if (root.TryGetProperty("prompt", out var prompt))
            {
                if (prompt.ValueKind != JsonValueKind.String) throw new WorkloadException($"{at}: prompt must be a string");
                var text = prompt.GetString()!;
                return Build(CompletionsPath, model, w => w.WriteString("prompt", text), maxTokens);
            }
            throw new WorkloadException($"{at}: expected \"messages\" or \"prompt\"");
        }
    }

    private static WorkloadItem Chat(string model, Action<Utf8JsonWriter> content, int? maxTokens) =>
        Build(ChatPath, model, content, maxTokens);

    private static WorkloadItem Build(string path, string model, Action<Utf8JsonWriter> content, int? maxTokens)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            content(w);
            if (maxTokens is { } n) w.WriteNumber("max_tokens", n);
            w.WriteBoolean("stream", true);
            w.WriteStartObject("stream_options");
            w.WriteBoolean("include_usage", true);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return new WorkloadItem(path, buffer.WrittenSpan.ToArray());
    }

    private static void WriteUserMessage(Utf8JsonWriter w, string text)
    {
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteString("content", text);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static string Prompt(int tokens)
    {
        var text = new StringBuilder(tokens * 4);
        for (var i = 0; i < tokens; i++) text.Append(i == 0 ? "hi" : " hi");
        return text.ToString();
    }
}
