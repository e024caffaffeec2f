using System.Collections.Concurrent;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Runtime.Tests;

public sealed class InformerTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FakeResourceClient<Widget> _client = new();
    private readonly ConcurrentQueue<(WatchEventType Type, string Key, string? Version)> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Informer<Widget> _informer = null!;
    private Task _run = Task.CompletedTask;

    private static InformerOptions Fast(TimeProvider? time = null) => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        TimeProvider = time ?? TimeProvider.System,
    };

    /// <summary>The default backoff (1 s doubling to 30 s) on a fake clock, so delays can be told apart.</summary>
    private static InformerOptions DefaultBackoff(FakeTimeProvider time) => new() { TimeProvider = time };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private void Start(InformerOptions? options = null, TestLogger? logger = null)
    {
        _informer = new Informer<Widget>(_client, logger, options ?? Fast());
        _informer.Changed += (type, w) => _events.Enqueue((type, ObjectKey.Of(w).ToString(), w.Metadata.ResourceVersion));
        _run = _informer.RunAsync(_stop.Token);
    }

    private List<(WatchEventType Type, string Key, string? Version)> Drain()
    {
        var list = new List<(WatchEventType, string, string?)>();
        while (_events.TryDequeue(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task Initial_list_fills_the_cache_raises_Added_and_marks_synced()
    {
        _client.Items.Add(Widget.Create("ns", "a"));
        _client.Items.Add(Widget.Create("ns", "b"));
        Start();
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(_informer.HasSynced);
        Assert.Equal(2, _informer.List().Count);
        Assert.NotNull(_informer.Get(new ObjectKey("ns", "a")));
        Assert.Null(_informer.Get(new ObjectKey("ns", "zzz")));
        Assert.Equal(["ns/a", "ns/b"], Drain().Where(e => e.Type == WatchEventType.Added).Select(e => e.Key).Order());

        var watch = await _client.NextWatchAsync();
        Assert.Equal("100", watch.ResourceVersion); // watches from the list's resourceVersion
    }

    [Fact]
    public async Task Watch_events_update_the_cache_and_are_raised()
    {
        Start();
        var watch = await _client.NextWatchAsync();
        watch.Send(WatchEventType.Added, Widget.Create("ns", "a", "101"));
        watch.Send(WatchEventType.Modified, Widget.Create("ns", "a", "102", size: 5));
        await Poll.UntilTrueAsync(() => _informer.Get(new("ns", "a"))?.Spec.Size == 5, "modified object cached");
        watch.Send(WatchEventType.Deleted, Widget.Create("ns", "a", "103", size: 5));
        await Poll.UntilTrueAsync(() => _informer.Get(new("ns", "a")) is null, "deleted object removed");

        Assert.Equal(
            [(WatchEventType.Added, "ns/a", "101"), (WatchEventType.Modified, "ns/a", "102"), (WatchEventType.Deleted, "ns/a", "103")],
            Drain());
    }

    [Fact]
    public async Task Reconnects_from_the_last_resource_version_when_the_watch_closes()
    {
        Start();
        var first = await _client.NextWatchAsync();
        first.Send(WatchEventType.Added, Widget.Create("ns", "a", "150"));
        first.Send(WatchEventType.Bookmark, new Widget { Metadata = new V1ObjectMeta { ResourceVersion = "170" } });
        await Poll.UntilTrueAsync(() => _informer.Get(new("ns", "a")) is not null, "event applied");
        first.Close();

        var second = await _client.NextWatchAsync();
        Assert.Equal("170", second.ResourceVersion); // bookmarks advance the resourceVersion
        Assert.Equal(1, _client.Lists);
        Assert.DoesNotContain(Drain(), e => e.Type == WatchEventType.Bookmark);
    }

    [Fact]
    public async Task Gone_relists_and_raises_the_differences()
    {
        _client.Items.Add(Widget.Create("ns", "keep", "1"));
        _client.Items.Add(Widget.Create("ns", "change", "1"));
        _client.Items.Add(Widget.Create("ns", "remove", "1"));
        Start();
        var watch = await _client.NextWatchAsync();
        Drain();

        lock (_client.Items)
        {
            _client.Items.Clear();
            _client.Items.Add(Widget.Create("ns", "keep", "1"));
            _client.Items.Add(Widget.Create("ns", "change", "7", size: 3));
            _client.Items.Add(Widget.Create("ns", "new", "8"));
            _client.ListResourceVersion = "200";
        }

        watch.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }));
        var next = await _client.NextWatchAsync();
        Assert.Equal("200", next.ResourceVersion);
        Assert.Equal(2, _client.Lists);

        var events = Drain().OrderBy(e => e.Key).ToList();
        Assert.Equal(
            [(WatchEventType.Modified, "ns/change", "7"), (WatchEventType.Added, "ns/new", "8"), (WatchEventType.Deleted, "ns/remove", "1")],
            events);
        Assert.Equal(["change", "keep", "new"], _informer.List().Select(w => w.Metadata.Name).Order());
    }

    [Fact]
    public async Task Transport_errors_retry_the_watch_from_the_same_resource_version_without_relisting()
    {
        Start();
        var first = await _client.NextWatchAsync();
        first.Send(WatchEventType.Added, Widget.Create("ns", "a", "120"));
        first.Fail(new HttpRequestException("connection reset"));
        var second = await _client.NextWatchAsync();
        Assert.Equal("120", second.ResourceVersion);
        Assert.Equal(1, _client.Lists);
    }

    [Fact]
    public async Task Lost_connections_log_one_line_and_unexpected_errors_their_stack()
    {
        var logger = new TestLogger(output, "informer");
        Start(logger: logger);
        var first = await _client.NextWatchAsync();
        first.Fail(new HttpRequestException("connection reset"));
        var second = await _client.NextWatchAsync();
        second.Fail(new InvalidOperationException("a bug"));
        await _client.NextWatchAsync();
        var failures = logger.Lines.Where(l => l.Contains("failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("watch failed (connection reset); retrying in", failures[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" | ", failures[0], StringComparison.Ordinal); // no exception attached
        Assert.EndsWith(" | InvalidOperationException: a bug", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_errors_are_retried_with_backoff_until_the_list_succeeds()
    {
        _client.ListError = new HttpRequestException("apiserver down");
        Start();
        await Poll.UntilTrueAsync(() => _client.Lists >= 3, "list retried");
        Assert.False(_informer.HasSynced);
        _client.ListError = null;
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Each_watch_asks_the_server_to_end_it_after_the_watch_timeout_with_some_jitter()
    {
        Start(new InformerOptions { WatchTimeout = TimeSpan.FromMinutes(4) });
        var watch = await _client.NextWatchAsync();
        Assert.InRange(watch.Timeout, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Quiet_watches_the_server_ends_are_resumed_at_once_without_backoff()
    {
        var time = new FakeTimeProvider();
        Start(DefaultBackoff(time));
        var watch = await _client.NextWatchAsync();
        for (var i = 0; i < 6; i++)
        {
            // The server ends the watch after its timeout with nothing in it, as it does in a quiet cluster.
            time.Advance(TimeSpan.FromMinutes(5));
            watch.Close();
            watch = await _client.NextWatchAsync(TimeSpan.FromSeconds(5)); // no clock advance needed: no backoff
            Assert.Equal("100", watch.ResourceVersion);
        }

        // An error after all those quiet ends still starts from the initial backoff (about 1 s), and errors keep
        // doubling it. The fake clock is advanced in small steps until the informer reconnects, so a loaded machine
        // that schedules the informer's backoff timer late can only make a delay look longer, never shorter.
        watch.Fail(new HttpRequestException("connection reset"));
        var (first, next) = await AdvanceUntilNextWatchAsync(time);
        next.Fail(new HttpRequestException("connection reset"));
        var (second, _) = await AdvanceUntilNextWatchAsync(time);
        Assert.InRange(first, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5)); // not the quiet-end "at once", not grown by the quiet ends
        Assert.True(second >= first * 1.5, $"the second backoff ({second}) should be about double the first ({first})");
        Assert.Equal(1, _client.Lists);
    }

    /// <summary>Advances the fake clock 50 ms at a time until the informer opens its next watch; returns the virtual
    /// time that took and the watch.</summary>
    private async Task<(TimeSpan Advanced, FakeResourceClient<Widget>.WatchSession Watch)> AdvanceUntilNextWatchAsync(FakeTimeProvider time)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var advanced = TimeSpan.Zero; advanced < TimeSpan.FromSeconds(30); advanced += step)
        {
            await Task.Delay(10);
            if (_client.TryNextWatch(out var session)) return (advanced, session!);
            time.Advance(step);
        }
        throw new TimeoutException("the informer did not reconnect within 30 s of fake time");
    }

    [Fact]
    public async Task A_watch_closed_at_once_with_nothing_in_it_backs_off()
    {
        var time = new FakeTimeProvider();
        Start(DefaultBackoff(time));
        var first = await _client.NextWatchAsync();
        first.Close(); // no time passed, nothing received: a misbehaving server or proxy, not a quiet cluster
        await Task.Delay(50);
        Assert.False(_client.TryNextWatch(out _));
        time.Advance(TimeSpan.FromSeconds(1.2));
        await _client.NextWatchAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_watch_silent_for_twice_the_timeout_is_reconnected_at_once()
    {
        var time = new FakeTimeProvider();
        Start(Fast(time));
        var first = await _client.NextWatchAsync();
        first.Send(WatchEventType.Added, Widget.Create("ns", "a", "130"));
        await Poll.UntilTrueAsync(() => _informer.Get(new("ns", "a")) is not null, "event applied");

        time.Advance(TimeSpan.FromMinutes(9)); // events reset the timer; not yet silent for 10 minutes
        await Task.Delay(50);
        Assert.False(_client.TryNextWatch(out _));

        time.Advance(TimeSpan.FromMinutes(1));
        var second = await _client.NextWatchAsync(TimeSpan.FromSeconds(5)); // no backoff to wait out
        Assert.Equal("130", second.ResourceVersion);
        Assert.Equal(1, _client.Lists);
    }

    [Fact]
    public async Task Cached_objects_carry_no_managed_fields_nor_kubectls_copy_of_the_spec()
    {
        static Widget Heavy(string name, string version)
        {
            var w = Widget.Create("ns", name, version);
            w.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl-client-side-apply", Operation = "Update" }];
            w.Metadata.Annotations = new Dictionary<string, string>
            {
                ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"spec\":{\"size\":1}}",
                ["team"] = "serving",
            };
            return w;
        }

        _client.Items.Add(Heavy("listed", "1"));
        Start();
        var watch = await _client.NextWatchAsync();
        watch.Send(WatchEventType.Added, Heavy("watched", "101"));
        await Poll.UntilTrueAsync(() => _informer.Get(new("ns", "watched")) is not null, "watched object cached");

        foreach (var name in new[] { "listed", "watched" })
        {
            var cached = _informer.Get(new("ns", name))!;
            Assert.Null(cached.Metadata.ManagedFields);
            Assert.Equal(["team"], cached.Metadata.Annotations.Keys);
        }
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_the_informer()
    {
        _client.Items.Add(Widget.Create("ns", "a"));
        var informer = new Informer<Widget>(_client, options: Fast());
        informer.Changed += (_, _) => throw new InvalidOperationException("handler bug");
        var seen = 0;
        informer.Changed += (_, _) => Interlocked.Increment(ref seen);
        _run = informer.RunAsync(_stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var watch = await _client.NextWatchAsync();
        watch.Send(WatchEventType.Added, Widget.Create("ns", "b", "2"));
        await Poll.UntilTrueAsync(() => Volatile.Read(ref seen) == 2, "second handler still called");
    }

    [Fact]
    public async Task RunAsync_completes_when_cancelled_and_cannot_run_twice()
    {
        Start();
        await _client.NextWatchAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _informer.RunAsync(CancellationToken.None));
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
