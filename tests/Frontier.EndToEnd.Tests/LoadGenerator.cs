using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontier.Gateway;

namespace Frontier.EndToEnd.Tests;

/// <summary>What happened to one request of the <see cref="LoadGenerator"/>.</summary>
/// <param name="Sent">When it was sent, seconds on the generator's clock.</param>
/// <param name="Table">The gateway's entry for the alias when the request was sent: the weights it was drawn by.</param>
internal sealed record LoadRecord(double Sent, RouteEntry? Table)
{
    private double _completed = double.NaN;

    /// <summary>When the response ended (or the request failed), seconds on the generator's clock; NaN while in flight.
    /// Set last, so once it is a number the other fields are final.</summary>
    public double Completed
    {
        get => Volatile.Read(ref _completed);
        set => Volatile.Write(ref _completed, value);
    }

    /// <summary>HTTP status, 0 when no response came.</summary>
    public int Status { get; set; }

    /// <summary>The response's "model" (the candidate's servedModel the backend reported).</summary>
    public string? ServedModel { get; set; }

    /// <summary>Why the request failed, when it did.</summary>
    public string? Error { get; set; }

    /// <summary>Whether it was in flight at some moment of [from, to].</summary>
    public bool InFlightDuring(double from, double to) => Sent <= to && (double.IsNaN(Completed) || Completed >= from);
}

/// <summary>
/// An open-loop load generator: sends OpenAI chat completions for one alias at a fixed rate (request k at start + k/rate,
/// whatever the responses do, as independent users would), changeable while it runs. Bounded: it stops by itself after
/// <see cref="MaxDuration"/>, and sheds (counts, does not send) a request when <see cref="MaxInFlight"/> are outstanding.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(3);
    public const int MaxInFlight = 256;

    private readonly HttpClient _http;
    private readonly string _alias;
    private readonly Func<RouteEntry?> _table;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<LoadRecord> _records = [];
    private readonly List<Task> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _rate;
    private double _rateChangedAt;
    private long _sentAtRate;
    private int _inFlight;
    private int _shed;

    /// <param name="gateway">The gateway's base address.</param>
    /// <param name="alias">The model alias to ask for.</param>
    /// <param name="rate">Requests per second to start with.</param>
    /// <param name="table">The gateway's current routing entry for the alias (recorded with each request).</param>
    public LoadGenerator(string gateway, string alias, double rate, Func<RouteEntry?> table)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = MaxInFlight, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri(gateway),
            Timeout = TimeSpan.FromSeconds(30),
        };
        _alias = alias;
        _table = table;
        SetRate(rate);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Seconds since the generator started.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>The offered rate now, requests per second.</summary>
    public double Rate
    {
        get { lock (_gate) return _rate; }
    }

    /// <summary>Requests not sent because <see cref="MaxInFlight"/> were outstanding.</summary>
    public int Shed => Volatile.Read(ref _shed);

    /// <summary>Every request sent so far (a copy).</summary>
    public IReadOnlyList<LoadRecord> Records
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
        while (!ct.IsCancellationRequested && _clock.Elapsed < MaxDuration)
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
            var record = new LoadRecord(Now, _table());
            Interlocked.Increment(ref _inFlight);
            var task = SendAsync(record);
            lock (_gate)
            {
                _records.Add(record);
                _requests.Add(task);
            }
        }
    }

    private async Task SendAsync(LoadRecord record)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync("v1/chat/completions", new
            {
                model = _alias,
                messages = new[] { new { role = "user", content = "Which model answers at the frontier?" } },
                max_tokens = 8,
            });
            var body = await response.Content.ReadAsStringAsync();
            record.Status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(body);
                record.ServedModel = json.RootElement.TryGetProperty("model", out var m) ? m.GetString() : null;
            }
            else
            {
                record.Error = body.Length > 300 ? body[..300] : body;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            record.Error = $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            record.Completed = Now;
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
