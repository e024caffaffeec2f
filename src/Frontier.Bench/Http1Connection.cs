using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Frontier.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection of one closed-loop worker, written for the load generator's one job: send a
/// prebuilt request, read the status, and pass the body (plain, or chunked as servers stream SSE) to
/// <see cref="SseResponseReader"/> without building request or response objects. About a quarter of
/// SocketsHttpHandler's CPU per streamed request, so the client does not take the server's CPU on a shared machine.
/// Plain http only; https and injected handlers go through <see cref="HttpMessageInvoker"/>.
/// </summary>
internal sealed class Http1Connection(EndPoint server) : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly byte[] _buffer = new byte[BufferSize];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>The request bytes for <paramref name="item"/>: request line, headers and body.</summary>
    public static byte[] Encode(Uri endpoint, WorkloadItem item, string? bearer)
    {
        var head = new StringBuilder()
            .Append("POST ").Append(endpoint.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(endpoint.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\nAccept: text/event-stream\r\n")
            .Append("Content-Length: ").Append(item.Body.Length).Append("\r\n");
        if (bearer is not null) head.Append("Authorization: Bearer ").Append(bearer).Append("\r\n");
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. item.Body];
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the whole response. A kept-alive connection the server closed
    /// meanwhile is reopened once. Throws <see cref="SocketException"/> (connect), <see cref="IOException"/> (broken
    /// or malformed response) or <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<(int Status, StreamOutcome Stream, string? ErrorText)> SendAsync(byte[] request, bool keepErrorText, CancellationToken cancellationToken)
    {
        var reused = _socket is not null;
        try
        {
            return await ExchangeAsync(request, keepErrorText, cancellationToken).ConfigureAwait(false);
        }
        catch (StaleConnectionException) when (reused)
        {
            Close();
            return await ExchangeAsync(request, keepErrorText, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => Close();

    private async Task<(int, StreamOutcome, string?)> ExchangeAsync(byte[] request, bool keepErrorText, CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            _socket = socket;
            _start = _end = 0;
        }
        try
        {
            await _socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            throw new StaleConnectionException();
        }
        var (status, body, close) = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        var ok = status is >= 200 and < 300;
        var sink = new Http1BodySink(ok, keepErrorText && !ok);
        try
        {
            await ReadBodyAsync(body, sink, cancellationToken).ConfigureAwait(false);
            if (close) Close();
            return (status, sink.Outcome(), sink.ErrorText());
        }
        catch
        {
            Close();
            throw;
        }
        finally
        {
            sink.Dispose();
        }
    }

    /// <summary>The status, how the body is framed (chunked: -1; length; to close: -2) and whether the server closes after it.</summary>
    private async Task<(int Status, long Body, bool Close)> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var first = true;
        int status = 0;
        long length = -2;
        var close = false;
        while (true)
        {
            var line = await ReadLineAsync(first, cancellationToken).ConfigureAwait(false);
            if (first)
            {
                if (line.Length < 12 || !Utf8Parser.TryParse(_buffer.AsSpan(line.Start + 9, 3), out status, out _))
                    throw new IOException("the server's answer is not HTTP/1.1");
                first = false;
                continue;
            }
            if (line.Length == 0) return (status, status is 204 or 304 ? 0 : length, close);
            var header = _buffer.AsSpan(line.Start, line.Length);
            if (Header(header, "content-length"u8) is { } value && length != -1)
                length = Utf8Parser.TryParse(value, out long n, out _) ? n : throw new IOException("bad Content-Length");
            else if (Header(header, "transfer-encoding"u8) is { } encoding && Contains(encoding, "chunked"u8)) length = -1;
            else if (Header(header, "connection"u8) is { } connection && Contains(connection, "close"u8)) close = true;
        }
    }

    private async Task ReadBodyAsync(long framing, Http1BodySink sink, CancellationToken cancellationToken)
    {
        if (framing >= 0)
        {
            await CopyAsync(framing, sink, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (framing == -2)
        {
            await CopyAsync(long.MaxValue, sink, cancellationToken).ConfigureAwait(false);
            Close();
            return;
        }
        while (true)
        {
            var line = await ReadLineAsync(false, cancellationToken).ConfigureAwait(false);
            var text = _buffer.AsSpan(line.Start, line.Length);
            var semicolon = text.IndexOf((byte)';');
            if (semicolon >= 0) text = text[..semicolon];
            if (!Utf8Parser.TryParse(text.Trim((byte)' '), out long size, out var used, 'X') || used != text.Trim((byte)' ').Length)
                throw new IOException("bad chunk size in the response");
            if (size == 0)
            {
                while ((await ReadLineAsync(false, cancellationToken).ConfigureAwait(false)).Length > 0)
                {
                    // trailers: ignored
                }
                return;
            }
            await CopyAsync(size, sink, cancellationToken).ConfigureAwait(false);
            if ((await ReadLineAsync(false, cancellationToken).ConfigureAwait(false)).Length != 0) throw new IOException("a chunk does not end where its size says");
        }
    }

    /// <summary>Passes <paramref name="count"/> body bytes (or all until the server closes, for long.MaxValue) to <paramref name="sink"/>.</summary>
    private async Task CopyAsync(long count, Http1BodySink sink, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                _start = _end = 0;
                var read = await _socket!.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (count == long.MaxValue) return;
                    throw new IOException("the server closed the connection in the middle of the response");
                }
                _end = read;
            }
            var take = (int)Math.Min(count, _end - _start);
            sink.Write(_buffer.AsSpan(_start, take), Stopwatch.GetTimestamp());
            _start += take;
            if (count != long.MaxValue) count -= take;
        }
    }

    /// <summary>The next CRLF-terminated line in the buffer (reading more as needed), without its CRLF; consumes it.</summary>
    private async Task<(int Start, int Length)> ReadLineAsync(bool firstOfResponse, CancellationToken cancellationToken)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = (_start, at);
                _start += at + 2;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new IOException("a response line is longer than 64 KiB");
            var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (firstOfResponse && _end == 0) throw new StaleConnectionException();
                throw new IOException("the server closed the connection in the middle of the response");
            }
            _end += read;
        }
    }

    /// <summary>The value of <paramref name="name"/> when <paramref name="line"/> is that header (any case), else null.</summary>
    private static byte[]? Header(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name)
    {
        var colon = line.IndexOf((byte)':');
        if (colon != name.Length || !Ascii.EqualsIgnoreCase(line[..colon], name)) return null;
        return line[(colon + 1)..].Trim((byte)' ').ToArray();
    }

    private static bool Contains(byte[] value, ReadOnlySpan<byte> token) =>
        Encoding.ASCII.GetString(value).Contains(Encoding.ASCII.GetString(token), StringComparison.OrdinalIgnoreCase);

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }
}
