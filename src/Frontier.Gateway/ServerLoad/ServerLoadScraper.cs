using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frontier.Gateway.ServerLoad;

/// <summary>
/// The server-load signal: every interval, GETs <c>{address}/metrics</c> of each tracked address (concurrently, at most
/// <see cref="MaxConcurrentScrapes"/> at once, each with a short timeout; an address whose last scrape is still
/// running is skipped that round, so a slow server delays only its own reading), reads running + waiting
/// (<see cref="VllmQueueParser"/>) and keeps it with this gateway's own in-flight at that address as sampled just
/// before the scrape was sent. <see cref="OthersLoad"/> is then server − own: the load other gateway replicas (or
/// other clients) put on the server. The request path only reads a dictionary. An address whose metrics cannot be
/// read, or lack the two gauges, counts as 0 and gets one log line until it reads again.
/// </summary>
public sealed class ServerLoadScraper : BackgroundService, IServerLoad
{
    /// <summary>Scrapes in flight at once, whatever the number of addresses.</summary>
    public const int MaxConcurrentScrapes = 16;

    private readonly Func<string, int> _ownInFlight;
    private readonly TimeProvider _time;
    private readonly ILogger<ServerLoadScraper> _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Sample> _samples = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _scraping = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(MaxConcurrentScrapes);
    private volatile HashSet<string> _tracked = new(StringComparer.Ordinal);

    /// <param name="interval">Time between scrapes of an address; zero turns the scraper off.</param>
    /// <param name="ownInFlight">This gateway's requests in flight at an address now.</param>
    /// <param name="time">The clock (ages of samples, the scrape period).</param>
    /// <param name="logger">Where the one line per unreadable address goes.</param>
    /// <param name="handler">The HTTP handler towards the servers (tests); a plain one without proxy by default.</param>
    public ServerLoadScraper(TimeSpan interval, Func<string, int> ownInFlight, TimeProvider time, ILogger<ServerLoadScraper> logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(ownInFlight);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (interval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be >= 0");
        Interval = interval;
        ScrapeTimeout = TimeSpan.FromTicks(Math.Clamp(4 * interval.Ticks, TimeSpan.FromMilliseconds(500).Ticks, TimeSpan.FromSeconds(1).Ticks));
        StaleAfter = TimeSpan.FromTicks(Math.Max(4 * interval.Ticks, TimeSpan.FromSeconds(2).Ticks));
        _ownInFlight = ownInFlight;
        _time = time;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = ScrapeTimeout,
        })
        {
            Timeout = ScrapeTimeout,
            MaxResponseContentBufferSize = 8 * 1024 * 1024,
        };
    }

    /// <summary>Raised (on the scraper's thread) when an address's load beyond this gateway's fell: requests waiting
    /// for a slot look again, as they do when one of this gateway's own requests ends.</summary>
    public event Action? OthersLoadFell;

    /// <summary>Time between scrapes; zero when off.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How long one scrape may take: four intervals, within 500 ms … 1 s (a busy Python server's /metrics is slow).</summary>
    public TimeSpan ScrapeTimeout { get; }

    /// <summary>A reading older than this counts as unknown (0): four intervals, at least 2 s.</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>The addresses scraped from now on (e.g. "http://127.1.0.5:8000", no trailing slash); the readings of
    /// addresses no longer in the set are forgotten.</summary>
    public void Track(IReadOnlyCollection<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var tracked = new HashSet<string>(addresses.Select(a => a.TrimEnd('/')), StringComparer.Ordinal);
        _tracked = tracked;
        foreach (var address in _samples.Keys)
            if (!tracked.Contains(address)) _samples.TryRemove(address, out _);
        foreach (var address in _failing.Keys)
            if (!tracked.Contains(address)) _failing.TryRemove(address, out _);
    }

    /// <inheritdoc />
    public int OthersLoad(string address)
    {
        if (!_samples.TryGetValue(address, out var sample) || _time.GetElapsedTime(sample.At) > StaleAfter) return 0;
        return Math.Max(0, sample.Server - sample.OwnAtScrape);
    }

    /// <summary>Starts a scrape of every tracked address that is not still being scraped; completes when those have
    /// answered or timed out.</summary>
    public Task ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        foreach (var address in _tracked)
            if (_scraping.TryAdd(address, 0)) started.Add(ScrapeInSlotAsync(address, cancellationToken));
        return Task.WhenAll(started);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval == TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            do
            {
                _ = ScrapeOnceAsync(stoppingToken); // not awaited: the next round starts on time whatever one server does
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the gateway is stopping
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    private async Task ScrapeInSlotAsync(string address, CancellationToken ct)
    {
        try
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await ScrapeAsync(address, ct).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the gateway is stopping
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(address, e.Message); // nothing a scrape does may take the gateway down: one line, as for a dead server
        }
        finally
        {
            _scraping.TryRemove(address, out _);
        }
    }

    private async Task ScrapeAsync(string address, CancellationToken ct)
    {
        var own = _ownInFlight(address); // before the request goes out: what the server's count can include of ours
        var (queue, problem) = await ReadAsync(address, ct).ConfigureAwait(false);
        if (queue is { } q)
        {
            var sample = new Sample(q.Total, own, _time.GetTimestamp());
            var before = _samples.TryGetValue(address, out var last) ? last.Server - last.OwnAtScrape : 0;
            _samples[address] = sample;
            if (sample.Server - sample.OwnAtScrape < before) OthersLoadFell?.Invoke(); // room may have opened for a waiting request
            if (!_tracked.Contains(address)) _samples.TryRemove(address, out _); // untracked while this scrape ran
            if (_failing.TryRemove(address, out _) && _logger.IsEnabled(LogLevel.Information))
                _logger.LogInformation("Server load: {Address}/metrics reads again", address);
            return;
        }
        Failed(address, problem!);
    }

    /// <summary>No reading for <paramref name="address"/>: it counts as 0, and the first failure in a row is logged.</summary>
    private void Failed(string address, string problem)
    {
        _samples.TryRemove(address, out _);
        if (_tracked.Contains(address) && _failing.TryAdd(address, 0) && _logger.IsEnabled(LogLevel.Warning))
            _logger.LogWarning("Server load: cannot use {Address}/metrics ({Problem}); its load counts as 0 until it reads again", address, problem);
    }

    /// <summary>The queue the server reports, or why there is none.</summary>
    private async Task<(ServerQueue? Queue, string? Problem)> ReadAsync(string address, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(address + "/metrics", HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return (null, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}"));
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return VllmQueueParser.Parse(text) is { } queue
                ? (queue, null)
                : (null, $"no {VllmQueueParser.RunningMetric} and {VllmQueueParser.WaitingMetric}");
        }
        catch (HttpRequestException e)
        {
            return (null, e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"no answer within {ScrapeTimeout.TotalMilliseconds:0} ms"));
        }
    }

    /// <summary>One reading: the server's running + waiting, this gateway's in-flight there just before, and when.</summary>
    private sealed record Sample(int Server, int OwnAtScrape, long At);
}
