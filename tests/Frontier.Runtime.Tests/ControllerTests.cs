using System.Collections.Concurrent;
using Frontier.Testing;
using k8s;
using k8s.Models;

namespace Frontier.Runtime.Tests;

public sealed class ControllerTests : IAsyncLifetime
{
    private readonly FakeResourceClient<Widget> _widgets = new();
    private readonly FakeResourceClient<V1ConfigMap> _configMaps = new();
    private readonly CancellationTokenSource _stopInformers = new();
    private readonly List<Task> _informerRuns = [];
    private readonly Informer<Widget> _widgetInformer;
    private readonly Informer<V1ConfigMap> _configMapInformer;

    public ControllerTests()
    {
        var options = new InformerOptions { InitialBackoff = TimeSpan.FromMilliseconds(10) };
        _widgetInformer = new Informer<Widget>(_widgets, options: options);
        _configMapInformer = new Informer<V1ConfigMap>(_configMaps, options: options);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts the informers (after the test has set up the objects they list) and the controller.</summary>
    private Task Run(Controller controller, CancellationToken cancellationToken)
    {
        _informerRuns.Add(_widgetInformer.RunAsync(_stopInformers.Token));
        _informerRuns.Add(_configMapInformer.RunAsync(_stopInformers.Token));
        return controller.RunAsync(cancellationToken);
    }

    public async Task DisposeAsync()
    {
        await _stopInformers.CancelAsync();
        await Task.WhenAll(_informerRuns).WaitAsync(TimeSpan.FromSeconds(5));
    }

    private sealed class Reconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler
    {
        public ConcurrentQueue<ObjectKey> Calls { get; } = new();

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            Calls.Enqueue(key);
            return reconcile(key, cancellationToken);
        }
    }

    private sealed class RecordingMetrics : IControllerMetrics
    {
        public int Started;
        public int Succeeded;
        public int Failed;

        public void ReconcileStarted(string controller) => Interlocked.Increment(ref Started);

        public void ReconcileSucceeded(string controller, TimeSpan duration) => Interlocked.Increment(ref Succeeded);

        public void ReconcileFailed(string controller, TimeSpan duration, Exception error) => Interlocked.Increment(ref Failed);
    }

    private static int Count(Reconciler reconciler, ObjectKey key) => reconciler.Calls.Count(k => k == key);

    private static Widget WithGeneration(string name, string resourceVersion, long generation)
    {
        var w = Widget.Create("ns", name, resourceVersion);
        w.Metadata.Generation = generation;
        return w;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Status_only_updates_do_not_requeue_unless_asked(bool skip)
    {
        _widgets.Items.Add(WithGeneration("a", "1", 1));
        var reconciler = new Reconciler((_, _) => Task.FromResult(ReconcileResult.Done));
        var controller = new Controller("widgets", reconciler, options: new ControllerOptions { SkipUnchangedGeneration = skip }).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);
        var a = new ObjectKey("ns", "a");
        await Poll.UntilTrueAsync(() => Count(reconciler, a) == 1, "existing object reconciled");

        var watch = await _widgets.NextWatchAsync();
        watch.Send(WatchEventType.Modified, WithGeneration("a", "2", 1)); // e.g. the reconciler's own status write
        watch.Send(WatchEventType.Added, Widget.Create("ns", "marker", "3")); // queued after "a" (one worker, FIFO)
        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "marker")) == 1, "the marker reconciled");
        Assert.Equal(skip ? 1 : 2, Count(reconciler, a));

        watch.Send(WatchEventType.Modified, WithGeneration("a", "4", 2)); // a spec change always counts
        await Poll.UntilTrueAsync(() => Count(reconciler, a) == (skip ? 2 : 3), "the spec change reconciled");

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Reconciles_existing_objects_after_sync_and_then_changes()
    {
        _widgets.Items.Add(Widget.Create("ns", "a"));
        var reconciler = new Reconciler((_, _) => Task.FromResult(ReconcileResult.Done));
        var controller = new Controller("widgets", reconciler).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);

        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "a")) == 1, "existing object reconciled");
        var watch = await _widgets.NextWatchAsync();
        watch.Send(WatchEventType.Added, Widget.Create("ns", "b", "101"));
        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "b")) == 1, "new object reconciled");
        watch.Send(WatchEventType.Deleted, Widget.Create("ns", "b", "102"));
        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "b")) == 2, "deleted object reconciled");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Secondary_changes_queue_the_mapped_primary_keys()
    {
        var reconciler = new Reconciler((_, _) => Task.FromResult(ReconcileResult.Done));
        var controller = new Controller("widgets", reconciler)
            .For(_widgetInformer)
            .Watch(_configMapInformer, cm => cm.Metadata.Labels is { } labels && labels.TryGetValue("widget", out var owner)
                ? [new ObjectKey(cm.Metadata.NamespaceProperty, owner)]
                : []);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);
        await _widgets.NextWatchAsync();
        var configMapWatch = await _configMaps.NextWatchAsync();

        configMapWatch.Send(WatchEventType.Added, new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = "ns", ResourceVersion = "5", Labels = new Dictionary<string, string> { ["widget"] = "owner" } },
        });
        configMapWatch.Send(WatchEventType.Added, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated", NamespaceProperty = "ns", ResourceVersion = "6" } });
        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "owner")) == 1, "owner reconciled");
        await Task.Delay(50);
        Assert.Single(reconciler.Calls);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Failures_are_retried_with_backoff_and_success_forgets()
    {
        _widgets.Items.Add(Widget.Create("ns", "flaky"));
        var attempts = 0;
        var metrics = new RecordingMetrics();
        var reconciler = new Reconciler((_, _) => Interlocked.Increment(ref attempts) < 4
            ? throw new InvalidOperationException("not yet")
            : Task.FromResult(ReconcileResult.Done));
        var controller = new Controller("widgets", reconciler, options: new ControllerOptions { Metrics = metrics }).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);

        await Poll.UntilTrueAsync(() => Volatile.Read(ref attempts) == 4, "retried until success");
        await Poll.UntilTrueAsync(() => Volatile.Read(ref metrics.Succeeded) == 1, "success recorded");
        Assert.Equal(3, metrics.Failed);
        Assert.Equal(4, metrics.Started);
        Assert.Equal(0, controller.Queue.Requeues(new("ns", "flaky")));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RequeueAfter_reconciles_again()
    {
        _widgets.Items.Add(Widget.Create("ns", "poll"));
        var reconciler = new Reconciler((_, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromMilliseconds(20))));
        var controller = new Controller("widgets", reconciler).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);

        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "poll")) >= 3, "requeued reconciles");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_key_is_never_reconciled_concurrently_even_with_many_workers()
    {
        for (var i = 0; i < 3; i++)
        {
            _widgets.Items.Add(Widget.Create("ns", $"w{i}"));
        }

        var inFlight = new ConcurrentDictionary<ObjectKey, int>();
        var overlaps = 0;
        var total = 0;
        var reconciler = new Reconciler(async (key, ct) =>
        {
            if (!inFlight.TryAdd(key, 0))
            {
                Interlocked.Increment(ref overlaps);
            }

            await Task.Delay(2);
            inFlight.TryRemove(key, out _);
            Interlocked.Increment(ref total);
            return ReconcileResult.Done;
        });
        var controller = new Controller("widgets", reconciler, options: new ControllerOptions { Workers = 4 }).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);
        var watch = await _widgets.NextWatchAsync();
        for (var v = 0; v < 300; v++)
        {
            watch.Send(WatchEventType.Modified, Widget.Create("ns", $"w{v % 3}", $"{1000 + v}"));
        }

        await Poll.UntilTrueAsync(() => _widgetInformer.Get(new("ns", "w2"))?.Metadata.ResourceVersion == "1299", "all events applied");
        await Poll.UntilTrueAsync(() => controller.Queue.Count == 0, "queue drained");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, overlaps);
        Assert.True(total >= 3);
    }

    [Fact]
    public async Task Stopping_cancels_in_flight_reconciles_at_once()
    {
        _widgets.Items.Add(Widget.Create("ns", "slow"));
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var reconciler = new Reconciler(async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return ReconcileResult.Done;
        });
        var controller = new Controller("widgets", reconciler, options: new ControllerOptions { ShutdownTimeout = TimeSpan.FromSeconds(30) }).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stop.CancelAsync();
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the reconcile was cancelled only after {clock.Elapsed}");
        Assert.True(controller.Queue.IsShuttingDown);
    }

    [Fact]
    public async Task Stopping_waits_for_a_reconcile_that_ignores_cancellation_until_the_deadline_then_abandons_it()
    {
        _widgets.Items.Add(Widget.Create("ns", "stubborn"));
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var reconciler = new Reconciler(async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
            return ReconcileResult.Done;
        });
        var controller = new Controller("widgets", reconciler, options: new ControllerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(300) }).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));

        await stop.CancelAsync();
        await Task.Delay(100);
        Assert.False(run.IsCompleted); // waiting for the in-flight reconcile
        await run.WaitAsync(TimeSpan.FromSeconds(5)); // then gives up on it
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
    }

    [Fact]
    public async Task Cancelled_before_sync_returns_without_reconciling()
    {
        _widgets.ListError = new HttpRequestException("down");
        var reconciler = new Reconciler((_, _) => Task.FromResult(ReconcileResult.Done));
        var controller = new Controller("widgets", reconciler).For(_widgetInformer);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Run(controller, stop.Token).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(reconciler.Calls);
        await Assert.ThrowsAsync<InvalidOperationException>(() => controller.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ResyncPeriod_requeues_every_primary_key()
    {
        _widgets.Items.Add(Widget.Create("ns", "a"));
        var reconciler = new Reconciler((_, _) => Task.FromResult(ReconcileResult.Done));
        var controller = new Controller("widgets", reconciler, options: new ControllerOptions { ResyncPeriod = TimeSpan.FromMilliseconds(30) }).For(_widgetInformer);
        using var stop = new CancellationTokenSource();
        var run = Run(controller, stop.Token);
        await Poll.UntilTrueAsync(() => Count(reconciler, new("ns", "a")) >= 3, "periodic resyncs");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
