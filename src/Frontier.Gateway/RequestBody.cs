using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Unicode;

namespace Frontier.Gateway;

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
        var utf8 = true;
        var modelSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            utf8 &= Utf8.IsValid(reader.ValueSpan);
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var valid = SkipValidating(ref reader);
                utf8 &= valid;
                var model = reader.TokenType == JsonTokenType.String && valid ? reader.GetString() : null;
                facts = facts with
                {
                    Model = string.IsNullOrWhiteSpace(model) ? null : model,
                    ModelToken = (start, (int)reader.BytesConsumed - start),
                    DuplicateModel = facts.DuplicateModel || modelSeen,
                };
                modelSeen = true;
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                facts = facts with { Stream = reader.TokenType == JsonTokenType.True };
                utf8 &= SkipValidating(ref reader);
            }
            else if (reader.ValueTextEquals("stream_options"u8))
            {
                reader.Read();
                facts = ReadStreamOptions(ref reader, facts, ref utf8);
            }
            else
            {
                reader.Read();
                utf8 &= SkipValidating(ref reader);
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) return default;
        while (reader.Read())
        {
            // Utf8JsonReader throws on anything after the root value; reaching here means only whitespace followed.
        }
        return utf8 ? facts : facts with { InvalidUtf8 = true, Model = null };
    }

    /// <summary>
    /// Moves past the value the reader is on (as <see cref="Utf8JsonReader.Skip"/>), checking on the way that every
    /// string in it (member names included) is valid UTF-8: the reader checks the JSON grammar but not the bytes
    /// inside strings, and a Python backend fails on them. Same walk as Skip, so the body is still read once.
    /// </summary>
    private static bool SkipValidating(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            return reader.TokenType != JsonTokenType.String || Utf8.IsValid(reader.ValueSpan);
        var depth = reader.CurrentDepth;
        var valid = true;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) valid &= Utf8.IsValid(reader.ValueSpan);
        }
        return valid;
    }

    private static RequestFacts ReadStreamOptions(ref Utf8JsonReader reader, RequestFacts facts, ref bool utf8)
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
                utf8 &= Utf8.IsValid(reader.ValueSpan);
                var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
                reader.Read();
                if (isIncludeUsage)
                {
                    var valueStart = (int)reader.TokenStartIndex;
                    asked = reader.TokenType == JsonTokenType.True;
                    utf8 &= SkipValidating(ref reader);
                    includeUsage = (valueStart, (int)reader.BytesConsumed - valueStart);
                }
                else
                {
                    utf8 &= SkipValidating(ref reader);
                }
            }
        }
        else
        {
            utf8 &= SkipValidating(ref reader);
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
