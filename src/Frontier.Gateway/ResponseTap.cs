using System.Buffers;

namespace Frontier.Gateway;

/// <summary>
/// Write-through wrapper of the response body: notes when the first byte goes out (time to first token), keeps a
/// bounded copy of a JSON body, and for SSE forwards each complete event as soon as it is written (an incomplete
/// event waits for its end), reading "usage" from chunks and dropping the usage-only final chunk
/// (<c>"choices": []</c>) and the <c>"usage": null</c> of the other chunks when the gateway asked for usage on the
/// client's behalf.
/// </summary>
internal sealed class ResponseTap(Stream inner, Func<TapMode> modeAtStart, int maxCapture, bool stripUsageChunk, Action onFirstByte) : Stream
{
    private MemoryStream? _capture;
    private MemoryStream? _pending;
    private readonly ArrayBufferWriter<byte> _output = new();
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

    private ReadOnlyMemory<byte> TakeCompleteEvents()
    {
        var data = _pending!.GetBuffer().AsSpan(0, (int)_pending.Length);
        _output.ResetWrittenCount();
        var start = 0;
        for (var i = 0; i < data.Length - 1; i++)
        {
            if (data[i] != '\n') continue;
            int end;
            if (data[i + 1] == '\n') end = i + 2;
            else if (data[i + 1] == '\r' && i + 2 < data.Length && data[i + 2] == '\n') end = i + 3;
            else continue;
            Forward(data[start..end]);
            start = end;
            i = end - 1;
        }
        var rest = data.Length - start;
        if (start > 0)
        {
            data[start..].CopyTo(data);
            _pending.SetLength(rest);
        }
        return _output.WrittenMemory;
    }

    /// <summary>Copies one complete event to the output: read its usage; drop the usage-only chunk or cut
    /// <c>"usage": null</c> when the gateway asked for usage on the client's behalf.</summary>
    private void Forward(ReadOnlySpan<byte> ev)
    {
        var (payloadStart, payloadLength, lines) = DataPayload(ev);
        if (lines == 0 || payloadLength == 0 || ev[payloadStart] != '{')
        {
            _output.Write(ev);
            return;
        }
        // Several data lines make one payload joined by newlines (JSON does not mind).
        ReadOnlySpan<byte> payload = lines == 1 ? ev.Slice(payloadStart, payloadLength) : JoinDataLines(ev);
        var facts = Usage.Inspect(payload);
        if (facts.HasUsage)
        {
            SawUsage = true;
            PromptTokens = facts.PromptTokens;
            CompletionTokens = facts.CompletionTokens;
        }
        if (stripUsageChunk && facts.HasUsage && facts.ChoicesEmpty) return;
        if (stripUsageChunk && lines == 1 && facts.NullUsageMember.Length > 0)
        {
            var (cut, length) = facts.NullUsageMember;
            _output.Write(ev[..(payloadStart + cut)]);
            _output.Write(ev[(payloadStart + cut + length)..]);
            return;
        }
        _output.Write(ev);
    }

    /// <summary>Where the first "data:" value starts in the event, its length, and how many data lines there are.</summary>
    private static (int Start, int Length, int Lines) DataPayload(ReadOnlySpan<byte> ev)
    {
        int start = 0, length = 0, lines = 0;
        var at = 0;
        while (at < ev.Length)
        {
            var nl = ev[at..].IndexOf((byte)'\n');
            var lineEnd = nl < 0 ? ev.Length : at + nl;
            var line = ev[at..lineEnd];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.StartsWith("data:"u8))
            {
                var value = line[5..];
                var skip = value.Length > 0 && value[0] == ' ' ? 1 : 0;
                if (lines++ == 0)
                {
                    start = at + 5 + skip;
                    length = value.Length - skip;
                }
            }
            at = lineEnd + 1;
        }
        return (start, length, lines);
    }

    private static byte[] JoinDataLines(ReadOnlySpan<byte> ev)
    {
        var joined = new ArrayBufferWriter<byte>(ev.Length);
        foreach (var range in ev.Split((byte)'\n'))
        {
            var line = ev[range];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (!line.StartsWith("data:"u8)) continue;
            var value = line[5..];
            if (value.Length > 0 && value[0] == ' ') value = value[1..];
            if (joined.WrittenCount > 0) joined.Write("\n"u8);
            joined.Write(value);
        }
        return joined.WrittenSpan.ToArray();
    }
}
