using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Frontier.Bench;

/// <summary>
/// Sends streaming completions to an OpenAI-compatible server and measures them, bodies prebuilt as bytes and responses
/// read by <see cref="SseResponseReader"/>, so the client stays cheap next to the server it measures. Against plain
/// http each worker keeps one <see cref="Http1Connection"/> with its requests encoded once; https, and a handler a
/// test injects, go through <see cref="HttpMessageInvoker"/> (one <see cref="SocketsHttpHandler"/>, no connection limit).
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    private const int ErrorTextLimit = 300;
    private readonly HttpMessageInvoker _http;
    private readonly Uri _base;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _requestTimeout;
    private readonly Uri _chat;
    private readonly Uri _completions;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly string? _apiKey;
    private readonly EndPoint? _rawServer;

    /// <summary>A generator on its own connection pool.</summary>
    /// <param name="baseUrl">The server, with or without the trailing <c>/v1</c>.</param>
    /// <param name="apiKey">Sent as a bearer token when given.</param>
    /// <param name="requestTimeout">Longest a request may take (default 10 minutes).</param>
    public LoadGenerator(Uri baseUrl, string? apiKey = null, TimeSpan? requestTimeout = null)
        : this(baseUrl, new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        }, apiKey, requestTimeout)
    {
        if (_base.Scheme == Uri.UriSchemeHttp) _rawServer = new DnsEndPoint(_base.IdnHost, _base.Port);
    }

    /// <summary>A generator sending through <paramref name="handler"/> (tests inject one); the generator disposes it.</summary>
    public LoadGenerator(Uri baseUrl, HttpMessageHandler handler, string? apiKey = null, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(handler);
        var text = baseUrl.AbsoluteUri.TrimEnd('/');
        _base = new Uri((text.EndsWith("/v1", StringComparison.Ordinal) ? text : text + "/v1") + "/");
        _chat = new Uri(_base, Workloads.ChatPath);
        _completions = new Uri(_base, Workloads.CompletionsPath);
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _authorization = _apiKey is null ? null : new AuthenticationHeaderValue("Bearer", _apiKey);
        _requestTimeout = requestTimeout ?? TimeSpan.FromMinutes(10);
    }

    /// <summary>Sends <paramref name="item"/> once, keeping the server's error text when it fails.</summary>
    public async Task<ProbeResult> ProbeAsync(WorkloadItem item, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var connection = _rawServer is null ? null : new Http1Connection(_rawServer);
        var limit = new RequestTimeout(timeout, cancellationToken);
        return connection is null
            ? await SendAsync(item, keepErrorText: true, limit).ConfigureAwait(false)
            : await SendRawAsync(connection, Encode(item), keepErrorText: true, limit).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one level closed-loop: <see cref="LevelPlan.Concurrency"/> workers each send the next workload item as
    /// soon as their last request ends. Completions are numbered as they happen; the first
    /// <see cref="LevelPlan.WarmupRequests"/> are warm-up, the next ones are measured until the count or the duration
    /// is reached, then requests still in flight are cancelled. Cancelling <paramref name="cancellationToken"/>
    /// ends the level early with what was measured (<see cref="LevelResult.Complete"/> false).
    /// </summary>
    public async Task<LevelResult> RunLevelAsync(LevelPlan plan, IReadOnlyList<WorkloadItem> workload, Action? measured, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Count == 0) throw new ArgumentException("the workload is empty", nameof(workload));
        var level = new LevelRun(plan, measured, cancellationToken);
        var encoded = _rawServer is null ? null : workload.Select(Encode).ToArray();
        var workers = new Task[plan.Concurrency];
        for (var i = 0; i < workers.Length; i++) workers[i] = WorkerAsync(level, workload, encoded, i);
        await Task.WhenAll(workers).ConfigureAwait(false);
        return level.Result();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task WorkerAsync(LevelRun level, IReadOnlyList<WorkloadItem> workload, byte[][]? encoded, int worker)
    {
        await Task.Yield();
        using var connection = encoded is null ? null : new Http1Connection(_rawServer!);
        // One timeout source per worker, reset after each request: a linked source and a timer per request would
        // cost the generator more than the requests it measures against a fast server.
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(level.Stop.Token);
        try
        {
            while (!level.Stop.IsCancellationRequested)
            {
                ProbeResult outcome;
                try
                {
                    var next = level.NextItem(workload.Count);
                    var limit = new RequestTimeout(timeout, level.Stop.Token);
                    outcome = connection is null
                        ? await SendAsync(workload[next], keepErrorText: false, limit).ConfigureAwait(false)
                        : await SendRawAsync(connection, encoded![next], keepErrorText: false, limit).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (!timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = CancellationTokenSource.CreateLinkedTokenSource(level.Stop.Token);
                }
                if (!level.Completed(worker, outcome.Sample)) return;
            }
        }
        finally
        {
            timeout.Dispose();
        }
    }

    private async Task<ProbeResult> SendAsync(WorkloadItem item, bool keepErrorText, RequestTimeout limit)
    {
        var start = Stopwatch.GetTimestamp();
        var stop = limit.Stop;
        var timeout = limit.Source;
        timeout.CancelAfter(_requestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(item.Path)) { Content = new ByteArrayContent(item.Body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = _authorization;
        var status = 0;
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                return Outcome(start, status, default, keepErrorText ? await ErrorTextAsync(response, timeout.Token).ConfigureAwait(false) : null);
            var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
                return Outcome(start, status, await SseResponseReader.ReadAsync(body, timeout.Token).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            if (stop.IsCancellationRequested) throw new OperationCanceledException(stop);
            var kind = e switch
            {
                OperationCanceledException => RequestErrorKind.Timeout,
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => RequestErrorKind.Connect,
                _ => RequestErrorKind.Stream,
            };
            return new ProbeResult(new RequestSample(double.NaN, Seconds(start, Stopwatch.GetTimestamp()), 0, kind, status), e.Message);
        }
    }

    private byte[] Encode(WorkloadItem item) => Http1Connection.Encode(Endpoint(item.Path), item, _apiKey);

    private async Task<ProbeResult> SendRawAsync(Http1Connection connection, byte[] request, bool keepErrorText, RequestTimeout limit)
    {
        var start = Stopwatch.GetTimestamp();
        limit.Source.CancelAfter(_requestTimeout);
        var status = 0;
        try
        {
            var (code, stream, errorText) = await connection.SendAsync(request, keepErrorText, limit.Source.Token).ConfigureAwait(false);
            status = code;
            return Outcome(start, status, stream, errorText);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            if (limit.Stop.IsCancellationRequested) throw new OperationCanceledException(limit.Stop);
            var kind = e switch
            {
                OperationCanceledException => RequestErrorKind.Timeout,
                SocketException => RequestErrorKind.Connect,
                _ => RequestErrorKind.Stream,
            };
            return new ProbeResult(new RequestSample(double.NaN, Seconds(start, Stopwatch.GetTimestamp()), 0, kind, status), e.Message);
        }
    }

    /// <summary>A finished exchange as a sample: an HTTP error by its class, a stream by whether it reached [DONE] cleanly.</summary>
    private static ProbeResult Outcome(long start, int status, StreamOutcome stream, string? errorText)
    {
        var end = Stopwatch.GetTimestamp();
        if (status is < 200 or >= 300)
        {
            var kind = status is >= 400 and < 500 ? RequestErrorKind.ClientError : RequestErrorKind.ServerError;
            return new ProbeResult(new RequestSample(double.NaN, Seconds(start, end), 0, kind, status), $"HTTP {status}: {errorText}");
        }
        var ttft = stream.FirstTokenTimestamp == 0 ? double.NaN : Seconds(start, stream.FirstTokenTimestamp);
        var ok = stream.SawDone && !stream.SawError;
        return new ProbeResult(
            new RequestSample(ttft, Seconds(start, end), stream.OutputTokens, ok ? RequestErrorKind.None : RequestErrorKind.Stream, status),
            ok ? null : stream.SawError ? "the stream carried an error event" : "the stream ended before data: [DONE] (is it an OpenAI streaming endpoint?)");
    }

    /// <summary>The endpoint's URI, built once for the two a workload uses (a Uri per request costs more than it seems).</summary>
    private Uri Endpoint(string path) => path switch
    {
        Workloads.ChatPath => _chat,
        Workloads.CompletionsPath => _completions,
        _ => new Uri(_base, path),
    };

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= ErrorTextLimit ? text : text[..ErrorTextLimit] + "…";
    }

    internal static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    /// <summary>A request's timeout source (linked to <paramref name="Stop"/>) and the stop token that means "interrupted", not "timed out".</summary>
    private readonly record struct RequestTimeout(CancellationTokenSource Source, CancellationToken Stop);
}
