using System.Text.Json;

namespace Frontier.Gateway;

/// <summary>What one OpenAI response object (a JSON body or one streamed chunk or event) says about usage.</summary>
public readonly record struct UsageFacts
{
    /// <summary>Whether "usage" is an object.</summary>
    public bool HasUsage { get; init; }

    /// <summary>usage.prompt_tokens, or the Responses API's usage.input_tokens (0 when absent).</summary>
    public long PromptTokens { get; init; }

    /// <summary>usage.completion_tokens, or the Responses API's usage.output_tokens (0 when absent).</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Whether "choices" is an empty array (the usage-only last chunk of a stream).</summary>
    public bool ChoicesEmpty { get; init; }

    /// <summary>Offset and length of the whole <c>"usage": null</c> member including one adjoining comma; Length 0 when absent.</summary>
    public (int Start, int Length) NullUsageMember { get; init; }
}

/// <summary>
/// Reads "usage" from OpenAI responses in one pass with <see cref="Utf8JsonReader"/>: top-level "usage" (chat,
/// completions, embeddings, a Responses API response object) or "response.usage" (a Responses API stream event). Pure.
/// </summary>
public static class Usage
{
    /// <summary>prompt_tokens and completion_tokens (0 when absent); false when the body has no usage object.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out long prompt, out long completion)
    {
        var facts = Inspect(json);
        prompt = facts.PromptTokens;
        completion = facts.CompletionTokens;
        return facts.HasUsage;
    }

    /// <summary>The usage facts of one JSON object; default when it is not one.</summary>
    public static UsageFacts Inspect(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
            var facts = default(UsageFacts);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) facts = ReadUsage(ref reader, facts);
                    else if (reader.TokenType == JsonTokenType.Null) facts = facts with { NullUsageMember = Member(json, nameStart, (int)reader.BytesConsumed) };
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) facts = ReadResponseObject(ref reader, facts);
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        facts = facts with { ChoicesEmpty = false };
                        reader.Skip();
                        continue;
                    }
                    reader.Read();
                    facts = facts with { ChoicesEmpty = reader.TokenType == JsonTokenType.EndArray };
                    while (reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                        reader.Read();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return facts;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The "response" object of a Responses API stream event (<c>response.completed</c> carries the usage).</summary>
    private static UsageFacts ReadResponseObject(ref Utf8JsonReader reader, UsageFacts facts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (isUsage && reader.TokenType == JsonTokenType.StartObject) facts = ReadUsage(ref reader, facts);
            else reader.Skip();
        }
        return facts;
    }

    /// <summary>Chat and completions count prompt_tokens/completion_tokens; the Responses API input_tokens/output_tokens.</summary>
    private static UsageFacts ReadUsage(ref Utf8JsonReader reader, UsageFacts facts)
    {
        long prompt = 0, completion = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPrompt = reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8);
            var isCompletion = !isPrompt && (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8));
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && (isPrompt || isCompletion) && reader.TryGetInt64(out var n))
            {
                if (isPrompt) prompt = n;
                else completion = n;
            }
            reader.Skip();
        }
        return facts with { HasUsage = true, PromptTokens = prompt, CompletionTokens = completion, NullUsageMember = default };
    }

    /// <summary>The member [start, end) widened to one adjoining comma, so cutting it leaves valid JSON.</summary>
    private static (int, int) Member(ReadOnlySpan<byte> json, int start, int end)
    {
        var after = end;
        while (after < json.Length && IsSpace(json[after])) after++;
        if (after < json.Length && json[after] == ',') return (start, after + 1 - start);
        var before = start - 1;
        while (before >= 0 && IsSpace(json[before])) before--;
        return before >= 0 && json[before] == ',' ? (before, end - before) : (start, end - start);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
