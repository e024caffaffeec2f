using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;

namespace Frontier.Bench;

/// <summary>
/// Reads an OpenAI server-sent-event stream without building strings or JSON trees: it scans each <c>data:</c> line's
/// bytes for non-empty <c>"content"</c>/<c>"text"</c> (the first token's time), <c>"completion_tokens"</c> (the usage
/// chunk) and <c>[DONE]</c>. Allocation per request is one pooled buffer.
/// </summary>
public static class SseResponseReader
{
    private const int InitialBuffer = 16 * 1024;

    /// <summary>Reads <paramref name="stream"/> to its end.</summary>
    public static async Task<StreamOutcome> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var state = new State();
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length) buffer = Grow(buffer, filled);
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                var now = Stopwatch.GetTimestamp();
                filled += read;
                var consumed = ScanLines(buffer.AsSpan(0, filled), now, ref state);
                if (consumed > 0)
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                }
            }
            if (filled > 0) ScanLine(buffer.AsSpan(0, filled), Stopwatch.GetTimestamp(), ref state);
            return new StreamOutcome(state.FirstToken, state.OutputTokens, state.Done, state.Error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Scans every complete line of <paramref name="data"/>; returns the bytes consumed (up to the last newline).</summary>
    internal static int ScanLines(ReadOnlySpan<byte> data, long now, ref State state)
    {
        var consumed = 0;
        while (true)
        {
            var newline = data[consumed..].IndexOf((byte)'\n');
            if (newline < 0) return consumed;
            ScanLine(data.Slice(consumed, newline), now, ref state);
            consumed += newline + 1;
        }
    }

    /// <summary>Scans what is left after the last newline, as the final line of a body that ended without one.</summary>
    internal static void ScanLast(ReadOnlySpan<byte> rest, long now, ref State state) => ScanLine(rest, now, ref state);

    private static void ScanLine(ReadOnlySpan<byte> line, long now, ref State state)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (!line.StartsWith("data:"u8)) return;
        var payload = line[5..].TrimStart((byte)' ');
        if (payload.SequenceEqual("[DONE]"u8))
        {
            state.Done = true;
            return;
        }
        if (payload.StartsWith("{\"error\""u8)) state.Error = true;
        if (state.FirstToken == 0 && (HasText(payload, "\"content\":\""u8) || HasText(payload, "\"text\":\""u8))) state.FirstToken = now;
        var usage = payload.IndexOf("\"completion_tokens\":"u8);
        if (usage >= 0)
        {
            var digits = payload[(usage + "\"completion_tokens\":".Length)..].TrimStart((byte)' ');
            if (Utf8Parser.TryParse(digits, out int tokens, out _)) state.OutputTokens = tokens;
        }
    }

    /// <summary>Whether <paramref name="key"/> (ending in an opening quote) occurs followed by at least one character of string.</summary>
    private static bool HasText(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> key)
    {
        var at = payload.IndexOf(key);
        return at >= 0 && at + key.Length < payload.Length && payload[at + key.Length] != (byte)'"';
    }

    private static byte[] Grow(byte[] buffer, int filled)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <summary>What the lines so far showed.</summary>
    internal struct State
    {
        public long FirstToken;
        public int OutputTokens;
        public bool Done;
        public bool Error;
    }
}
