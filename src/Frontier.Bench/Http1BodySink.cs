using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace Frontier.Bench;

/// <summary>Where an <see cref="Http1Connection"/> puts a response body: the SSE scanner for a success, the first bytes as text for an error.</summary>
internal sealed class Http1BodySink(bool events, bool keepText) : IDisposable
{
    private const int ErrorTextLimit = 300;
    private byte[] _pending = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _length;
    private SseResponseReader.State _state;

    public void Write(ReadOnlySpan<byte> bytes, long now)
    {
        if (!events && !keepText) return;
        if (!events)
        {
            var room = Math.Min(bytes.Length, ErrorTextLimit - _length);
            if (room > 0) bytes[..room].CopyTo(_pending.AsSpan(_length));
            _length += Math.Max(room, 0);
            return;
        }
        if (_length + bytes.Length > _pending.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_pending.Length * 2, _length + bytes.Length));
            Buffer.BlockCopy(_pending, 0, bigger, 0, _length);
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = bigger;
        }
        bytes.CopyTo(_pending.AsSpan(_length));
        _length += bytes.Length;
        var consumed = SseResponseReader.ScanLines(_pending.AsSpan(0, _length), now, ref _state);
        if (consumed == 0) return;
        Buffer.BlockCopy(_pending, consumed, _pending, 0, _length - consumed);
        _length -= consumed;
    }

    public StreamOutcome Outcome()
    {
        if (events && _length > 0) SseResponseReader.ScanLast(_pending.AsSpan(0, _length), Stopwatch.GetTimestamp(), ref _state);
        return new StreamOutcome(_state.FirstToken, _state.OutputTokens, _state.Done, _state.Error);
    }

    public string? ErrorText() => keepText ? Encoding.UTF8.GetString(_pending, 0, Math.Min(_length, ErrorTextLimit)).ReplaceLineEndings(" ").Trim() : null;

    public void Dispose() => ArrayPool<byte>.Shared.Return(_pending);
}
