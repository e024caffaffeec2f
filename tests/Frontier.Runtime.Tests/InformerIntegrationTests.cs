using System.Collections.Concurrent;
using Frontier.Testing;
using k8s;
using Xunit.Abstractions;

namespace Frontier.Runtime.Tests;

[Collection(TestCollections.Kube)]
public sealed class InformerIntegrationTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private sealed class CountingClient<T>(IResourceClient<T> inner) : IResourceClient<T>
        where T : class, IKubernetesObject<k8s.Models.V1ObjectMeta>
    {
        private int _lists;
        private int _watchEnds;

        public int Lists => Volatile.Read(ref _lists);

        /// <summary>Watches that have ended (closed by the server, or given up by the informer).</summary>
        public int WatchEnds => Volatile.Read(ref _watchEnds);

        public string Description => inner.Description;

        public Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lists);
            return inner.ListAsync(cancellationToken);
        }

        public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
            string resourceVersion, TimeSpan timeout, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var item in inner.WatchAsync(resourceVersion, timeout, cancellationToken))
                {
                    yield return item;
                }
            }
            finally
            {
                Interlocked.Increment(ref _watchEnds);
            }
        }

        public Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<T> PatchStatusAsync(ObjectKey key, string mergePatchJson, CancellationToken cancellationToken) =>
            inner.PatchStatusAsync(key, mergePatchJson, cancellationToken);
    }

    [Fact]
    public async Task Lists_then_watches_a_custom_resource_and_sees_add_modify_delete()
    {
        using var timeout = new CancellationTokenSource(TestCluster.TestTimeout);
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns = await TestCluster.CreateNamespaceAsync(client, "inf");
        await TestCluster.CreateWidgetAsync(client, ns, "existing", size: 2);

        var informer = new Informer<Widget>(new CustomResourceClient<Widget>(client, Widget.Type, ns), new TestLogger(output, "informer"));
        var events = new ConcurrentQueue<(WatchEventType Type, string Name, int Size)>();
        informer.Changed += (type, w) => events.Enqueue((type, w.Metadata.Name, w.Spec.Size));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(timeout.Token);

        var existing = informer.Get(new ObjectKey(ns, "existing"));
        Assert.NotNull(existing);
        Assert.Equal(2, existing.Spec.Size);
        Assert.Equal("Widget", existing.Kind);
        Assert.Contains((WatchEventType.Added, "existing", 2), events);

        await TestCluster.CreateWidgetAsync(client, ns, "w", size: 1);
        await Poll.UntilTrueAsync(() => events.Contains((WatchEventType.Added, "w", 1)), "Added w");
        await TestCluster.PatchWidgetSpecAsync(client, ns, "w", 7);
        await Poll.UntilTrueAsync(() => events.Contains((WatchEventType.Modified, "w", 7)), "Modified w");
        Assert.Equal(7, informer.Get(new ObjectKey(ns, "w"))!.Spec.Size);
        await TestCluster.DeleteWidgetAsync(client, ns, "w");
        await Poll.UntilTrueAsync(() => events.Contains((WatchEventType.Deleted, "w", 7)), "Deleted w");
        Assert.Null(informer.Get(new ObjectKey(ns, "w")));
        Assert.Single(informer.List());

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Lists_in_pages_across_all_namespaces()
    {
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns1 = await TestCluster.CreateNamespaceAsync(client, "page");
        var ns2 = await TestCluster.CreateNamespaceAsync(client, "page");
        for (var i = 0; i < 5; i++)
        {
            await TestCluster.CreateWidgetAsync(client, i % 2 == 0 ? ns1 : ns2, $"p{i}");
        }

        var all = new CustomResourceClient<Widget>(client, Widget.Type) { PageSize = 2 };
        var list = await all.ListAsync(CancellationToken.None);
        Assert.Superset(
            new HashSet<string>([$"{ns1}/p0", $"{ns2}/p1", $"{ns1}/p2", $"{ns2}/p3", $"{ns1}/p4"]),
            list.Items.Select(w => ObjectKey.Of(w).ToString()).ToHashSet());
        Assert.False(string.IsNullOrEmpty(list.ResourceVersion));

        var one = new CustomResourceClient<Widget>(client, Widget.Type, ns2) { PageSize = 1 };
        Assert.Equal(["p1", "p3"], (await one.ListAsync(CancellationToken.None)).Items.Select(w => w.Metadata.Name).Order());
        Assert.NotNull(await one.GetAsync(new ObjectKey(ns2, "p1"), CancellationToken.None));
        Assert.Null(await one.GetAsync(new ObjectKey(ns2, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task A_watch_from_a_compacted_or_unknown_version_reports_gone()
    {
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var widgets = new CustomResourceClient<Widget>(client, Widget.Type);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in widgets.WatchAsync("1", TimeSpan.FromSeconds(10), timeout.Token))
            {
            }
        });
        output.WriteLine($"{error.GetType().Name}: {error.Message}");
        Assert.Equal(410, KubeErrors.StatusCode(error));
    }

    [Fact]
    public async Task Keeps_watching_across_an_apiserver_restart_and_sees_later_changes()
    {
        using var timeout = new CancellationTokenSource(TestCluster.TestTimeout);
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns = await TestCluster.CreateNamespaceAsync(client, "restart");
        await TestCluster.CreateWidgetAsync(client, ns, "before");

        var logger = new TestLogger(output, "informer");
        var counting = new CountingClient<Widget>(new CustomResourceClient<Widget>(cluster.CreateClient(), Widget.Type, ns));
        var informer = new Informer<Widget>(counting, logger, new InformerOptions { MaxBackoff = TimeSpan.FromSeconds(2) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(timeout.Token);
        Assert.NotNull(informer.Get(new ObjectKey(ns, "before")));

        var restart = System.Diagnostics.Stopwatch.StartNew();
        await cluster.RestartApiServerAsync();
        output.WriteLine($"apiserver restarted in {restart.Elapsed.TotalSeconds:0.0} s");

        await TestCluster.CreateWidgetAsync(client, ns, "after", size: 3);
        await TestCluster.DeleteWidgetAsync(client, ns, "before");
        await Poll.UntilTrueAsync(
            () => informer.Get(new ObjectKey(ns, "after")) is not null && informer.Get(new ObjectKey(ns, "before")) is null,
            "changes after the restart seen",
            TimeSpan.FromSeconds(40));
        output.WriteLine($"lists: {counting.Lists}");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Quiet_watch_ends_do_not_delay_the_next_event()
    {
        using var timeout = new CancellationTokenSource(TestCluster.TestTimeout);
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns = await TestCluster.CreateNamespaceAsync(client, "quiet");

        // Default backoff (1 s doubling to 30 s); each watch ends after about 2 s in a namespace where nothing happens.
        var counting = new CountingClient<Widget>(new CustomResourceClient<Widget>(cluster.CreateClient(), Widget.Type, ns));
        var informer = new Informer<Widget>(counting, new TestLogger(output, "informer"), new InformerOptions { WatchTimeout = TimeSpan.FromSeconds(2) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(timeout.Token);

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            // Create an object the moment the third quiet watch in a row has ended: whatever the informer waits before
            // watching again is how late it sees the object.
            var ends = counting.WatchEnds;
            await Poll.UntilTrueAsync(() => counting.WatchEnds >= ends + 3, $"three quiet watch ends (round {i + 1})", TimeSpan.FromSeconds(25));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await TestCluster.CreateWidgetAsync(client, ns, $"w{i}");
            await Poll.UntilTrueAsync(() => informer.Get(new ObjectKey(ns, $"w{i}")) is not null, $"w{i} seen", TimeSpan.FromSeconds(30));
            latencies.Add(clock.Elapsed);
        }

        output.WriteLine($"latency after each quiet watch end: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms"))}; lists: {counting.Lists}");
        Assert.All(latencies, l => Assert.True(l < TimeSpan.FromSeconds(1), $"an event came {l.TotalSeconds:0.0} s late after quiet watches"));
        Assert.Equal(1, counting.Lists);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
