using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Frontier.Testing;

/// <summary>
/// An open-loop load generator: sends OpenAI chat completions for one alias at a fixed rate (request k at start + k/rate,
/// whatever the responses do, as independent users would), changeable while it runs, spread round-robin over one or
/// more gateways. Bounded: it stops by itself after <see cref="MaxDuration"/>, and sheds (counts, does not send) a
/// request when <see cref="MaxInFlight"/> are outstanding. Each request's <see cref="LoadRecord{TContext}"/> says when
/// it was sent, when its first body byte came, how it ended (<see cref="LoadOutcome"/>) and which model answered.
/// </summary>
/// <typeparam name="TContext">What is recorded with each request when it is sent (e.g. the gateway's routing entry).</typeparam>
public sealed class LoadGenerator<TContext> : IAsyncDisposable
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(3);
    public const int MaxInFlight = 256;

    private readonly HttpClient _http;
    private readonly Uri[] _gateways;
    private readonly string _alias;
    private readonly Func<TContext?> _context;
    private readonly LoadRequestShape _shape;
    private readonly Stopwatch _clock;
    private readonly List<LoadRecord<TContext>> _records = [];
    private readonly List<Task> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _rate;
    private double _rateChangedAt;
    private long _sentAtRate;
    private long _sent;
    private int _inFlight;
    private int _shed;

    /// <param name="gateways">The gateways' base addresses; request k goes to gateway k mod their number.</param>
    /// <param name="alias">The model alias to ask for.</param>
    /// <param name="rate">Requests per second to start with.</param>
    /// <param name="context">Read when each request is sent and kept in its record.</param>
    /// <param name="shape">What each request asks for; 8 tokens, no stream by default.</param>
    /// <param name="clock">The clock the records' times are read from (a running stopwatch shared with the caller's
    /// other observations); a new one by default.</param>
    public LoadGenerator(IReadOnlyList<string> gateways, string alias, double rate, Func<TContext?> context, LoadRequestShape? shape = null, Stopwatch? clock = null)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Count == 0) throw new ArgumentException("at least one gateway", nameof(gateways));
        _gateways = [.. gateways.Select(g => new Uri(new Uri(g.TrimEnd('/') + "/"), "v1/chat/completions"))];
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = MaxInFlight, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _alias = alias;
        _context = context;
        _shape = shape ?? new LoadRequestShape();
        _clock = clock ?? Stopwatch.StartNew();
        SetRate(rate);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Seconds on the generator's clock.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>The offered rate now, requests per second.</summary>
    public double Rate
    {
        get { lock (_gate) return _rate; }
    }

    /// <summary>Requests not sent because <see cref="MaxInFlight"/> were outstanding.</summary>
    public int Shed => Volatile.Read(ref _shed);

    /// <summary>Every request sent so far (a copy).</summary>
    public IReadOnlyList<LoadRecord<TContext>> Records
    {
        get { lock (_gate) return [.. _records]; }
    }

    /// <summary>Changes the offered rate from now on (the schedule restarts, so there is no burst to catch up).</summary>
    public void SetRate(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        lock (_gate)
        {
            _rate = rate;
            _rateChangedAt = Now;
            _sentAtRate = 0;
        }
    }

    /// <summary>Stops sending and waits for every outstanding request to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Task[] outstanding;
        lock (_gate) outstanding = [.. _requests];
        await Task.WhenAll(outstanding);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var started = Now;
        while (!ct.IsCancellationRequested && Now - started < MaxDuration.TotalSeconds)
        {
            double due;
            lock (_gate) due = _rateChangedAt + _sentAtRate / _rate;
            var wait = due - Now;
            if (wait > 0.001)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Min(wait, 0.05)), ct); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            lock (_gate) _sentAtRate++;
            if (Volatile.Read(ref _inFlight) >= MaxInFlight)
            {
                Interlocked.Increment(ref _shed);
                continue;
            }
            var k = _sent++;
            var streaming = Math.Floor((k + 1) * _shape.StreamingShare) > Math.Floor(k * _shape.StreamingShare);
            var record = new LoadRecord<TContext>(Now, (int)(k % _gateways.Length), streaming, _context());
            Interlocked.Increment(ref _inFlight);
            var task = SendAsync(record);
            lock (_gate)
            {
                _records.Add(record);
                _requests.Add(task);
            }
        }
    }

    private async Task SendAsync(LoadRecord<TContext> record)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _gateways[record.Target])
            {
                Content = JsonContent.Create(new
                {
                    model = _alias,
                    messages = new[] { new { role = "user", content = "Which model answers at the frontier?" } },
                    max_tokens = _shape.MaxTokens,
                    stream = record.Streaming,
                }),
            };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            record.Status = (int)response.StatusCode;
            var body = await ReadBodyAsync(response, record);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                record.Error = body.Length > 300 ? body[..300] : body;
                record.Outcome = response.StatusCode == HttpStatusCode.TooManyRequests ? LoadOutcome.Rejected : LoadOutcome.ErrorStatus;
            }
            else if (AnsweringModel(body, record.Streaming) is { } model)
            {
                record.ServedModel = model;
                record.Outcome = LoadOutcome.Answered;
            }
            else
            {
                record.Error = $"200 without a whole answer: {(body.Length > 300 ? body[^300..] : body)}";
                record.Outcome = LoadOutcome.Transport;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            record.Error = $"{e.GetType().Name}: {e.Message}";
            record.Outcome = LoadOutcome.Transport;
        }
        finally
        {
            record.Completed = Now;
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The whole body as text, noting when its first byte arrived.</summary>
    private async Task<string> ReadBodyAsync(HttpResponseMessage response, LoadRecord<TContext> record)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var text = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (!record.GotFirstByte) record.FirstByte = Now;
            text.Write(buffer, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    /// <summary>The "model" of a whole answer: a JSON body, or a stream of events ending in <c>data: [DONE]</c>; null when it is not one.</summary>
    private static string? AnsweringModel(string body, bool streaming)
    {
        try
        {
            if (!streaming)
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("model", out var m) ? m.GetString() ?? "" : "";
            }
            var events = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).ToList();
            if (events.Count < 2 || events[^1] != "[DONE]") return null;
            using var first = JsonDocument.Parse(events[0]);
            return first.RootElement.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
