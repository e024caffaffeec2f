using System.Text;
using System.Text.Json;

namespace Frontier.Gateway;

/// <summary>What <see cref="ResponseTap"/> does with a response body, decided at its first byte.</summary>
internal enum TapMode
{
    /// <summary>Write through untouched.</summary>
    PassThrough,

    /// <summary>Write through and keep a bounded copy (a JSON response, to read its usage).</summary>
    CaptureJson,

    /// <summary>Server-sent events: write through event by event, reading usage and, when asked, dropping the usage-only chunk.</summary>
    ServerSentEvents,
}

/// <summary>
/// Write-through wrapper of the response body: notes when the first byte goes out (time to first token), keeps a
/// bounded copy of a JSON body, and for SSE forwards each complete event as soon as it is written (an incomplete
/// event waits for its end), reading "usage" from chunks and dropping the usage-only final chunk
/// (<c>"choices": []</c>) when the gateway asked for it on the client's behalf.
/// </summary>
internal sealed class ResponseTap(Stream inner, Func<TapMode> modeAtStart, int maxCapture, bool stripUsageChunk, Action onFirstByte) : Stream
{
    private MemoryStream? _capture;
    private MemoryStream? _pending;
    private TapMode _mode;
    private bool _started;

    public bool Overflowed { get; private set; }

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public bool SawUsage { get; private set; }

    public ReadOnlyMemory<byte> Captured => _capture is null || Overflowed ? ReadOnlyMemory<byte>.Empty : _capture.GetBuffer().AsMemory(0, (int)_capture.Length);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return;
        if (!_started)
        {
            _started = true;
            onFirstByte();
            _mode = modeAtStart();
            if (_mode == TapMode.CaptureJson) _capture = new MemoryStream();
            if (_mode == TapMode.ServerSentEvents) _pending = new MemoryStream();
        }
        if (_mode != TapMode.ServerSentEvents)
        {
            Capture(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }
        _pending!.Write(buffer.Span);
        var output = TakeCompleteEvents();
        if (output.Length > 0) await inner.WriteAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what is left of an unterminated last event.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_pending is { Length: > 0 })
        {
            var rest = _pending.ToArray();
            _pending.SetLength(0);
            await inner.WriteAsync(rest, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Capture(ReadOnlySpan<byte> data)
    {
        if (_capture is null || Overflowed) return;
        if (_capture.Length + data.Length > maxCapture)
        {
            Overflowed = true;
            return;
        }
        _capture.Write(data);
    }

    private byte[] TakeCompleteEvents()
    {
        var data = _pending!.GetBuffer().AsSpan(0, (int)_pending.Length);
        using var output = new MemoryStream();
        var start = 0;
        for (var i = 0; i < data.Length - 1; i++)
        {
            if (data[i] != '\n') continue;
            int end;
            if (data[i + 1] == '\n') end = i + 2;
            else if (data[i + 1] == '\r' && i + 2 < data.Length && data[i + 2] == '\n') end = i + 3;
            else continue;
            var ev = data[start..end];
            if (Keep(ev)) output.Write(ev);
            start = end;
            i = end - 1;
        }
        var rest = data[start..].ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
        return output.ToArray();
    }

    private bool Keep(ReadOnlySpan<byte> ev)
    {
        var payload = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(ev).Split('\n'))
        {
            var l = line.TrimEnd('\r');
            if (!l.StartsWith("data:", StringComparison.Ordinal)) continue;
            payload.Append(l.AsSpan(5).TrimStart(' '));
        }
        if (payload.Length == 0 || payload[0] != '{') return true;
        try
        {
            using var doc = JsonDocument.Parse(payload.ToString());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return true;
            SawUsage = true;
            if (usage.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt64(out var pv)) PromptTokens = pv;
            if (usage.TryGetProperty("completion_tokens", out var c) && c.TryGetInt64(out var cv)) CompletionTokens = cv;
            var usageOnly = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() == 0;
            return !(stripUsageChunk && usageOnly);
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
