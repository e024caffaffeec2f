using System.Net;
using System.Text;

namespace Frontier.Bench.Tests;

/// <summary>The closed loop against an in-process handler that counts what is in flight.</summary>
public sealed class LoadGeneratorTests
{
    private static readonly IReadOnlyList<WorkloadItem> Workload = Workloads.Synthetic("m", 4, 3);

    [Theory]
    [InlineData(1, 0, 10)]
    [InlineData(6, 6, 30)]
    [InlineData(16, 3, 50)]
    public async Task Keeps_exactly_c_in_flight_and_measures_exactly_n(int concurrency, int warmup, int requests)
    {
        var server = new CountingHandler(TimeSpan.FromMilliseconds(15));
        using var generator = new LoadGenerator(new Uri("http://127.0.0.1:1/v1"), server);
        var measured = 0;
        var level = await generator.RunLevelAsync(LevelPlan.Create(concurrency, warmup, requests, null), Workload, () => Interlocked.Increment(ref measured), CancellationToken.None);

        Assert.Equal(concurrency, server.MaxInFlight);
        Assert.Equal(requests, level.Samples.Count);
        Assert.Equal(requests, measured);
        Assert.True(level.Complete);
        Assert.All(level.Samples, s => Assert.Equal(3, s.OutputTokens));
        Assert.All(level.Samples, s => Assert.True(s.TtftSeconds < s.LatencySeconds));
        Assert.True(server.Started >= warmup + requests, $"{server.Started} requests sent");
        Assert.Equal("/v1/chat/completions", server.LastPath);
    }

    [Fact]
    public async Task A_duration_level_measures_for_that_long()
    {
        var server = new CountingHandler(TimeSpan.FromMilliseconds(10));
        using var generator = new LoadGenerator(new Uri("http://127.0.0.1:1"), server);
        var level = await generator.RunLevelAsync(LevelPlan.Create(4, 4, null, 0.5), Workload, null, CancellationToken.None);
        Assert.True(level.Complete);
        Assert.Equal(0.5, level.WindowSeconds);
        Assert.InRange(level.Samples.Count, 20, 4 * 50 + 4);
    }

    [Fact]
    public async Task Cancelling_ends_the_level_with_what_was_measured()
    {
        var server = new CountingHandler(TimeSpan.FromMilliseconds(10));
        using var generator = new LoadGenerator(new Uri("http://127.0.0.1:1"), server);
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var level = await generator.RunLevelAsync(LevelPlan.Create(2, 0, 100_000, null), Workload, null, interrupt.Token);
        Assert.False(level.Complete);
        Assert.InRange(level.Samples.Count, 1, 99_999);
        Assert.InRange(level.WindowSeconds, 0.2, 10);
    }

    [Fact]
    public async Task The_probe_keeps_the_servers_error_text()
    {
        using var generator = new LoadGenerator(new Uri("http://127.0.0.1:1"), new StatusHandler(HttpStatusCode.NotFound, "{\"error\":{\"message\":\"The model `m` does not exist.\"}}"));
        var probe = await generator.ProbeAsync(Workload[0], CancellationToken.None);
        Assert.Equal(RequestErrorKind.ClientError, probe.Sample.Error);
        Assert.Equal(404, probe.Sample.Status);
        Assert.Contains("does not exist", probe.Detail);
    }

    [Fact]
    public async Task Server_errors_are_counted_not_thrown()
    {
        using var generator = new LoadGenerator(new Uri("http://127.0.0.1:1"), new StatusHandler(HttpStatusCode.InternalServerError, "oops"));
        var level = await generator.RunLevelAsync(LevelPlan.Create(3, 0, 20, null), Workload, null, CancellationToken.None);
        Assert.Equal(20, level.Failed);
        Assert.True(level.Flagged);
        Assert.Equal(0, level.RequestsPerSecond);
        Assert.Equal(20, level.ErrorsByKind[RequestErrorKind.ServerError]);
    }

    /// <summary>
    /// Answers every request at the next multiple of <paramref name="tick"/> on one clock, so requests finish in bursts:
    /// completions race each other as they do against a real server under load.
    /// </summary>
    private sealed class CountingHandler(TimeSpan tick) : HttpMessageHandler
    {
        private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();
        private int _inFlight;
        private int _max;
        private int _started;

        public int MaxInFlight => Volatile.Read(ref _max);
        public int Started => Volatile.Read(ref _started);
        public string? LastPath { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            LastPath = request.RequestUri!.AbsolutePath;
            var now = Interlocked.Increment(ref _inFlight);
            for (var seen = Volatile.Read(ref _max); now > seen; seen = Volatile.Read(ref _max))
                Interlocked.CompareExchange(ref _max, now, seen);
            try
            {
                var wait = tick - TimeSpan.FromTicks(Clock.Elapsed.Ticks % tick.Ticks);
                await Task.Delay(wait < tick / 2 ? wait + tick : wait, cancellationToken);
                var body = "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n" +
                           "data: {\"choices\":[],\"usage\":{\"completion_tokens\":3}}\n\ndata: [DONE]\n\n";
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private sealed class StatusHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }
}
