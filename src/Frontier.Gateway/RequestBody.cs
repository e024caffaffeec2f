using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Frontier.Gateway;

/// <summary>
/// What the gateway needs from an OpenAI request body, read in one forward pass with <see cref="Utf8JsonReader"/>
/// (no DOM): the alias in "model", whether "stream" is true, and where "stream_options" / its "include_usage" sit.
/// Positions are byte offsets into the body, so <see cref="RequestBody.Rewrite"/> can splice instead of re-serialising.
/// When a property appears twice, the last one counts (as in the Python servers behind the gateway).
/// </summary>
public readonly record struct RequestFacts
{
    /// <summary>Whether the body is one well-formed JSON object.</summary>
    public bool IsObject { get; init; }

    /// <summary>"model" when it is a non-blank string; otherwise null.</summary>
    public string? Model { get; init; }

    /// <summary>Offset and length of the "model" string token (quotes included).</summary>
    public (int Start, int Length) ModelToken { get; init; }

    /// <summary>Whether "stream" is true.</summary>
    public bool Stream { get; init; }

    /// <summary>Offset just after the body's opening brace.</summary>
    public int AfterRootBrace { get; init; }

    /// <summary>The type of "stream_options"' value (<see cref="JsonTokenType.None"/> when absent).</summary>
    public JsonTokenType StreamOptionsKind { get; init; }

    /// <summary>Offset and length of "stream_options"' value.</summary>
    public (int Start, int Length) StreamOptionsToken { get; init; }

    /// <summary>Whether "stream_options" is an object with no members.</summary>
    public bool StreamOptionsEmpty { get; init; }

    /// <summary>Offset and length of "stream_options.include_usage"'s value; Length 0 when absent.</summary>
    public (int Start, int Length) IncludeUsageToken { get; init; }

    /// <summary>Whether the client asked for the usage chunk itself (stream_options.include_usage is true).</summary>
    public bool ClientAskedForUsage { get; init; }

    /// <summary>Whether the gateway can add include_usage (stream_options absent, null or an object).</summary>
    public bool CanAskForUsage => StreamOptionsKind is JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartObject;
}

/// <summary>Reads and rewrites OpenAI request bodies. Pure: no I/O.</summary>
public static class RequestBody
{
    private static readonly ConcurrentDictionary<string, byte[]> EncodedModels = new(StringComparer.Ordinal);
    private static readonly byte[] StreamOptionsMember = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();
    private static readonly byte[] StreamOptionsObject = """{"include_usage":true}"""u8.ToArray();
    private static readonly byte[] IncludeUsageMember = "\"include_usage\":true"u8.ToArray();
    private static readonly byte[] True = "true"u8.ToArray();

    /// <summary>Reads the facts; <see cref="RequestFacts.IsObject"/> is false for anything but one JSON object.</summary>
    public static RequestFacts Inspect(ReadOnlySpan<byte> body)
    {
        try
        {
            return InspectOrThrow(body);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static RequestFacts InspectOrThrow(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
        var facts = new RequestFacts { IsObject = true, AfterRootBrace = (int)reader.TokenStartIndex + 1 };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
                facts = facts with
                {
                    Model = string.IsNullOrWhiteSpace(model) ? null : model,
                    ModelToken = (start, (int)reader.BytesConsumed - start),
                };
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                facts = facts with { Stream = reader.TokenType == JsonTokenType.True };
                reader.Skip();
            }
            else if (reader.ValueTextEquals("stream_options"u8))
            {
                reader.Read();
                facts = ReadStreamOptions(ref reader, facts);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) return default;
        while (reader.Read())
        {
            // Utf8JsonReader throws on anything after the root value; reaching here means only whitespace followed.
        }
        return facts;
    }

    private static RequestFacts ReadStreamOptions(ref Utf8JsonReader reader, RequestFacts facts)
    {
        var start = (int)reader.TokenStartIndex;
        var kind = reader.TokenType;
        (int, int) includeUsage = default;
        var asked = false;
        var empty = true;
        if (kind == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                empty = false;
                var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
                reader.Read();
                if (isIncludeUsage)
                {
                    var valueStart = (int)reader.TokenStartIndex;
                    asked = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                    includeUsage = (valueStart, (int)reader.BytesConsumed - valueStart);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }
        return facts with
        {
            StreamOptionsKind = kind,
            StreamOptionsToken = (start, (int)reader.BytesConsumed - start),
            StreamOptionsEmpty = empty,
            IncludeUsageToken = includeUsage,
            ClientAskedForUsage = asked,
        };
    }

    /// <summary>
    /// The body with "model" set to <paramref name="servedModel"/> and, when <paramref name="askForUsage"/>,
    /// stream_options.include_usage set to true (added, or its value replaced). Everything else is kept byte for byte.
    /// </summary>
    public static byte[] Rewrite(ReadOnlySpan<byte> body, in RequestFacts facts, string servedModel, bool askForUsage)
    {
        ArgumentNullException.ThrowIfNull(servedModel);
        if (!facts.IsObject) throw new ArgumentException("The body is not a JSON object.", nameof(facts));
        var model = EncodedModels.GetOrAdd(servedModel, static m => JsonSerializer.SerializeToUtf8Bytes(m));
        Span<Edit> edits = stackalloc Edit[2];
        var count = 0;
        if (facts.Model is not null) edits[count++] = new Edit(facts.ModelToken.Start, facts.ModelToken.Length, Replacement.Model);
        if (askForUsage && !facts.ClientAskedForUsage && facts.CanAskForUsage)
        {
            edits[count++] = facts.StreamOptionsKind switch
            {
                JsonTokenType.None => new Edit(facts.AfterRootBrace, 0, Replacement.StreamOptionsMember),
                JsonTokenType.Null => new Edit(facts.StreamOptionsToken.Start, facts.StreamOptionsToken.Length, Replacement.StreamOptionsObject),
                _ when facts.IncludeUsageToken.Length > 0 => new Edit(facts.IncludeUsageToken.Start, facts.IncludeUsageToken.Length, Replacement.True),
                _ => new Edit(facts.StreamOptionsToken.Start + 1, 0, facts.StreamOptionsEmpty ? Replacement.IncludeUsage : Replacement.IncludeUsageAndComma),
            };
        }
        edits = edits[..count];
        if (count == 2 && edits[1].Start < edits[0].Start) (edits[0], edits[1]) = (edits[1], edits[0]);

        var length = body.Length;
        foreach (var e in edits) length += Bytes(e.With, model).Length + (e.With == Replacement.IncludeUsageAndComma ? 1 : 0) - e.Length;
        var result = new byte[length];
        var output = result.AsSpan();
        var at = 0;
        foreach (var e in edits)
        {
            body[at..e.Start].CopyTo(output);
            output = output[(e.Start - at)..];
            var bytes = Bytes(e.With, model);
            bytes.CopyTo(output);
            output = output[bytes.Length..];
            if (e.With == Replacement.IncludeUsageAndComma)
            {
                output[0] = (byte)',';
                output = output[1..];
            }
            at = e.Start + e.Length;
        }
        body[at..].CopyTo(output);
        return result;
    }

    private static ReadOnlySpan<byte> Bytes(Replacement with, byte[] model) => with switch
    {
        Replacement.Model => model,
        Replacement.StreamOptionsMember => StreamOptionsMember,
        Replacement.StreamOptionsObject => StreamOptionsObject,
        Replacement.True => True,
        _ => IncludeUsageMember,
    };

    private enum Replacement
    {
        Model,
        StreamOptionsMember,
        StreamOptionsObject,
        True,
        IncludeUsage,
        IncludeUsageAndComma,
    }

    private readonly record struct Edit(int Start, int Length, Replacement With);

    /// <summary>Reads a body of at most <paramref name="max"/> bytes; null when it is longer.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, long max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > max) return null;
        if (declaredLength is { } exact)
        {
            var buffer = new byte[exact];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var n = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new EndOfStreamException("The request body ended before its Content-Length.");
                filled += n;
            }
            return buffer;
        }
        var writer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var n = await body.ReadAsync(writer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (n == 0) return writer.WrittenSpan.ToArray();
            if (writer.WrittenCount + n > max) return null;
            writer.Advance(n);
        }
    }
}
