using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Runtime.Tests;

[Collection(TestCollections.Kube)]
public sealed class StatusAndEventsIntegrationTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task StatusWriter_patches_the_status_subresource_only()
    {
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns = await TestCluster.CreateNamespaceAsync(client, "status");
        await TestCluster.CreateWidgetAsync(client, ns, "w", size: 4);
        var widgets = new CustomResourceClient<Widget>(client, Widget.Type, ns);
        var writer = new StatusWriter(new TestLogger(output, "status"));
        var key = new ObjectKey(ns, "w");

        var current = (await widgets.GetAsync(key, CancellationToken.None))!;
        var status = new WidgetStatus { Phase = "Ready", Message = "all good", ObservedGeneration = current.Metadata.Generation, Conditions = [] };
        Conditions.Set(status.Conditions, "Ready", true, "Reconciled", "all good", current.Metadata.Generation, DateTime.UtcNow);
        Assert.True(await writer.PatchStatusAsync(widgets, current, status, CancellationToken.None));

        var written = (await widgets.GetAsync(key, CancellationToken.None))!;
        Assert.Equal("Ready", written.Status!.Phase);
        Assert.Equal("all good", written.Status.Message);
        Assert.True(Conditions.IsTrue(written.Status.Conditions, "Ready"));
        var transition = Conditions.Find(written.Status.Conditions, "Ready")!.LastTransitionTime;
        Assert.Equal(4, written.Spec.Size);
        Assert.Equal(current.Metadata.Generation, written.Metadata.Generation); // status writes do not bump the generation

        // A field dropped from the new status is removed; the unchanged condition keeps its transition time.
        var next = new WidgetStatus { Phase = "Ready", Conditions = written.Status.Conditions ?? [] };
        Conditions.Set(next.Conditions, "Ready", true, "Reconciled", "still good", written.Metadata.Generation, DateTime.UtcNow.AddMinutes(1));
        Assert.True(await writer.PatchStatusAsync(widgets, written, next, CancellationToken.None));
        var rewritten = (await widgets.GetAsync(key, CancellationToken.None))!;
        Assert.Null(rewritten.Status!.Message);
        Assert.Equal(transition, Conditions.Find(rewritten.Status.Conditions, "Ready")!.LastTransitionTime);
        Assert.Equal("still good", Conditions.Find(rewritten.Status.Conditions, "Ready")!.Message);

        // The status subresource ignores spec changes.
        await widgets.PatchStatusAsync(key, """{"spec":{"size":9},"status":{"phase":"X"}}""", CancellationToken.None);
        var afterSpecAttempt = (await widgets.GetAsync(key, CancellationToken.None))!;
        Assert.Equal(4, afterSpecAttempt.Spec.Size);
        Assert.Equal("X", afterSpecAttempt.Status!.Phase);

        await TestCluster.DeleteWidgetAsync(client, ns, "w");
        Assert.False(await writer.PatchStatusAsync(widgets, key, new WidgetStatus { Phase = "Gone" }, CancellationToken.None));
    }

    [Fact]
    public async Task EventRecorder_creates_events_and_counts_repeats()
    {
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns = await TestCluster.CreateNamespaceAsync(client, "events");
        await TestCluster.CreateWidgetAsync(client, ns, "w");
        var widget = (await new CustomResourceClient<Widget>(client, Widget.Type, ns).GetAsync(new ObjectKey(ns, "w"), CancellationToken.None))!;
        var logger = new TestLogger(output, "events");
        var recorder = new EventRecorder(client, "frontier-test", logger);

        await recorder.NormalAsync(widget, "Scaled", "scaled to 3", CancellationToken.None);
        await recorder.NormalAsync(widget, "Scaled", "scaled to 3", CancellationToken.None);
        await recorder.WarningAsync(widget, "InvalidSpec", "size too large", CancellationToken.None);

        var events = (await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=w")).Items;
        Assert.Equal(2, events.Count);
        var scaled = Assert.Single(events, e => e.Reason == "Scaled");
        Assert.Equal(("Normal", "scaled to 3", 2), (scaled.Type, scaled.Message, scaled.Count!.Value));
        Assert.Equal("frontier-test", scaled.Source.Component);
        Assert.Equal((Widget.Group + "/" + Widget.Version, "Widget", "w", ns), (scaled.InvolvedObject.ApiVersion, scaled.InvolvedObject.Kind, scaled.InvolvedObject.Name, scaled.InvolvedObject.NamespaceProperty));
        Assert.Equal(widget.Metadata.Uid, scaled.InvolvedObject.Uid);
        Assert.Equal(widget.Metadata.ResourceVersion, scaled.InvolvedObject.ResourceVersion);
        Assert.NotNull(scaled.FirstTimestamp);
        Assert.True(scaled.LastTimestamp >= scaled.FirstTimestamp);
        var warning = Assert.Single(events, e => e.Reason == "InvalidSpec");
        Assert.Equal(("Warning", 1), (warning.Type, warning.Count!.Value));

        // A cluster-scoped object's events go to the default namespace.
        var nsObject = await client.CoreV1.ReadNamespaceAsync(ns);
        await recorder.NormalAsync(nsObject, "Observed", "namespace seen", CancellationToken.None);
        var clusterEvents = (await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={ns}")).Items;
        Assert.Equal("Namespace", Assert.Single(clusterEvents).InvolvedObject.Kind);

        // Failures are logged, never thrown.
        var ghost = Widget.Create("no-such-namespace", "ghost");
        await recorder.WarningAsync(ghost, "Lost", "nowhere to write", CancellationToken.None);
        Assert.Contains(logger.Lines, l => l.Contains("not recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Controller_reconciles_widgets_end_to_end()
    {
        using var timeout = new CancellationTokenSource(TestCluster.TestTimeout);
        var client = cluster.Client;
        await TestCluster.EnsureWidgetCrdAsync(client);
        var ns = await TestCluster.CreateNamespaceAsync(client, "ctrl");
        await TestCluster.CreateWidgetAsync(client, ns, "one", size: 1);
        var widgets = new CustomResourceClient<Widget>(client, Widget.Type, ns);
        var informer = new Informer<Widget>(widgets, new TestLogger(output, "informer"));
        var writer = new StatusWriter();
        var reconciler = new SizeReconciler(informer, widgets, writer);
        var controller = new Controller("widgets", reconciler, new TestLogger(output, "controller"), new ControllerOptions { Workers = 2 }).For(informer);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var runInformer = informer.RunAsync(stop.Token);
        var runController = controller.RunAsync(stop.Token);

        await TestCluster.CreateWidgetAsync(client, ns, "two", size: 2);
        await Poll.UntilTrueAsync(() => informer.Get(new(ns, "one"))?.Status?.Phase == "Size1" && informer.Get(new(ns, "two"))?.Status?.Phase == "Size2", "statuses written", TimeSpan.FromSeconds(30));
        await TestCluster.PatchWidgetSpecAsync(client, ns, "two", 5);
        await Poll.UntilTrueAsync(() => informer.Get(new(ns, "two"))?.Status?.Phase == "Size5", "status follows the spec", TimeSpan.FromSeconds(30));

        await stop.CancelAsync();
        await Task.WhenAll(runInformer, runController).WaitAsync(TimeSpan.FromSeconds(15));
    }

    private sealed class SizeReconciler(Informer<Widget> informer, IResourceClient<Widget> widgets, StatusWriter writer) : IReconciler
    {
        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            if (informer.Get(key) is not { } widget)
            {
                return ReconcileResult.Done;
            }

            var status = new WidgetStatus { Phase = $"Size{widget.Spec.Size}", ObservedGeneration = widget.Metadata.Generation };
            await writer.PatchStatusAsync(widgets, widget, status, cancellationToken);
            return ReconcileResult.Done;
        }
    }
}
