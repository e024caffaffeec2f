using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Frontier.Bench.Tests;

/// <summary>The load generator's HTTP/1.1 connection against a scripted loopback server: framing, keep-alive and breakage.</summary>
public sealed class Http1ConnectionTests
{
    private const string Events = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"completion_tokens\":9}}\n\ndata: [DONE]\n\n";
    private static readonly WorkloadItem Item = Workloads.Synthetic("m", 2, 2)[0];

    private static string Chunked(string body, int size) =>
        string.Concat(body.Chunk(size).Select(c => $"{c.Length:x};ext=1\r\n{new string(c)}\r\n")) + "0\r\n\r\n";

    [Fact]
    public async Task Reads_chunked_and_length_framed_streams_on_one_kept_alive_connection()
    {
        await using var server = new ScriptedServer(
            Respond($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n{Chunked(Events, 7)}"),
            Respond($"HTTP/1.1 200 OK\r\ncontent-length: {Events.Length}\r\n\r\n{Events}"));
        using var connection = new Http1Connection(server.EndPoint);
        var request = Http1Connection.Encode(new Uri($"http://{server.EndPoint}/v1/chat/completions"), Item, "key");
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var (status, stream, error) = await connection.SendAsync(request, keepErrorText: true, CancellationToken.None);
            Assert.Equal(200, status);
            Assert.True(stream.SawDone);
            Assert.Equal(9, stream.OutputTokens);
            Assert.NotEqual(0, stream.FirstTokenTimestamp);
            Assert.Null(error);
        }
        Assert.Equal(1, server.Connections);
        Assert.StartsWith("POST /v1/chat/completions HTTP/1.1\r\n", server.Requests[0]);
        Assert.Contains("\r\nAuthorization: Bearer key\r\n", server.Requests[0]);
        Assert.EndsWith(Encoding.UTF8.GetString(Item.Body), server.Requests[1]);
    }

    [Fact]
    public async Task Reconnects_after_connection_close_and_after_a_stale_keep_alive()
    {
        await using var server = new ScriptedServer(
            Respond($"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {Events.Length}\r\n\r\n{Events}", close: true),
            Respond($"HTTP/1.1 200 OK\r\nContent-Length: {Events.Length}\r\n\r\n{Events}", close: true), // closes without saying so
            Respond($"HTTP/1.1 404 Not Found\r\nContent-Length: 27\r\n\r\n{{\"error\":\"no such model\"}}\r\n"));
        using var connection = new Http1Connection(server.EndPoint);
        var request = Http1Connection.Encode(new Uri($"http://{server.EndPoint}/v1/chat/completions"), Item, null);
        Assert.Equal(200, (await connection.SendAsync(request, true, CancellationToken.None)).Status);
        Assert.Equal(200, (await connection.SendAsync(request, true, CancellationToken.None)).Status);
        await server.WaitForClosesAsync(2);
        var (status, _, error) = await connection.SendAsync(request, true, CancellationToken.None);
        Assert.Equal(404, status);
        Assert.Equal("{\"error\":\"no such model\"}", error);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task A_body_cut_short_is_an_IO_error()
    {
        await using var server = new ScriptedServer(Respond($"HTTP/1.1 200 OK\r\nContent-Length: {Events.Length}\r\n\r\n{Events[..20]}", close: true));
        using var connection = new Http1Connection(server.EndPoint);
        var request = Http1Connection.Encode(new Uri($"http://{server.EndPoint}/v1/chat/completions"), Item, null);
        var error = await Assert.ThrowsAsync<IOException>(() => connection.SendAsync(request, false, CancellationToken.None));
        Assert.Contains("middle of the response", error.Message);
    }

    private static (string Response, bool Close) Respond(string response, bool close = false) => (response, close);

    /// <summary>Answers the n-th request it reads with the n-th scripted response, closing the connection after it when told.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly (string Response, bool Close)[] _script;
        private readonly Task _loop;
        private readonly CancellationTokenSource _stop = new();
        private int _next;
        private int _closes;

        public ScriptedServer(params (string, bool)[] script)
        {
            _script = script;
            _listener.Start();
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            _loop = AcceptAsync();
        }

        public IPEndPoint EndPoint { get; }
        public int Connections { get; private set; }
        public List<string> Requests { get; } = [];

        public async Task WaitForClosesAsync(int count)
        {
            for (var i = 0; i < 200 && Volatile.Read(ref _closes) < count; i++) await Task.Delay(10);
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Connections++;
                    _ = ServeAsync(client);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var text = new StringBuilder();
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0) return;
                    text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                    var all = text.ToString();
                    var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end < 0) continue;
                    var length = int.Parse(all.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    if (all.Length < end + 4 + length) continue;
                    Requests.Add(all[..(end + 4 + length)]);
                    text.Clear().Append(all[(end + 4 + length)..]);
                    var (response, close) = _script[_next++];
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
                    if (close)
                    {
                        Interlocked.Increment(ref _closes);
                        return;
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
