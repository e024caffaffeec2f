using System.Diagnostics;
using Frontier.Testing;
using k8s;
using Xunit.Abstractions;

namespace Frontier.Runtime.Tests;

/// <summary>
/// A leader that loses its Lease makes no write after that moment. Each replica runs what the operator runs while it
/// leads (an informer and a controller with two workers whose reconciles take a while, as a slow Prometheus query
/// would, then patch status and record an Event) under a <see cref="LeaderElector"/>, on a client of its own whose
/// requests a <see cref="RequestLog"/> records on the test's clock.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class LeadershipLossIntegrationTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private const string LeaseName = "widgets-leader";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ReconcileTime = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_leader_whose_Lease_is_taken_makes_no_write_after_it_notices()
    {
        var ns = await CreateWidgetsAsync("taken");
        var clock = Stopwatch.StartNew();
        await using var a = new Replica("a", cluster, ns, clock, output);
        a.Start();
        await Poll.UntilTrueAsync(() => a.WorkWritesSince(TimeSpan.Zero) >= 4, "a leads and writes", TimeSpan.FromSeconds(30));

        var takenAt = clock.Elapsed;
        await Leases.TakeAsync(cluster.Client, ns, LeaseName, "intruder", TimeSpan.FromMinutes(1)); // a minute: a cannot take it back during the test
        await Poll.UntilTrueAsync(() => a.LostAt is not null, "a notices the Lease is taken", RetryPeriod + TimeSpan.FromSeconds(3));
        await Task.Delay(TimerSlack); // requests in flight at the loss land
        var afterLoss = await ResourceVersionsAsync(ns);
        await Task.Delay(ReconcileTime + TimeSpan.FromSeconds(1)); // longer than any reconcile in flight at the loss
        var later = await ResourceVersionsAsync(ns);

        Report(a);
        output.WriteLine($"lease taken at {takenAt.TotalSeconds:0.000} s; a noticed at {a.LostAt!.Value.TotalSeconds:0.000} s");
        AssertNoWorkWriteAfterLoss(a);
        Assert.Equal(afterLoss, later); // and, on the server, no widget changed after the loss
        Assert.True(a.StoppedAt - a.LostAt < TimeSpan.FromSeconds(2), $"a's controllers stopped {a.StoppedAt - a.LostAt} after the loss");
        Assert.False(a.Elector.IsLeader);
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_writing_at_its_renew_deadline_before_a_successor_starts()
    {
        var ns = await CreateWidgetsAsync("renew");
        var clock = Stopwatch.StartNew();
        await using var a = new Replica("a", cluster, ns, clock, output);
        await using var b = new Replica("b", cluster, ns, clock, output);
        a.Start();
        await Poll.UntilTrueAsync(() => a.WorkWritesSince(TimeSpan.Zero) >= 4, "a leads and writes", TimeSpan.FromSeconds(30));
        b.Start();
        await Poll.UntilTrueAsync(() => b.Elector.CurrentLeader == a.Elector.Identity, "b sees a lead");

        // The API server stops answering a's Lease requests (a stalled renewal); a's other writes still go through.
        var cutAt = clock.Elapsed;
        a.Requests.HangLeases = true;
        await Poll.UntilTrueAsync(() => b.StartedAt is not null, "b takes over", LeaseDuration + RenewDeadline + TimeSpan.FromSeconds(3));
        await Poll.UntilTrueAsync(() => b.WorkWritesSince(b.StartedAt!.Value) >= 4, "b writes", TimeSpan.FromSeconds(15));

        Report(a);
        Report(b);
        output.WriteLine($"a's renewals hang from {cutAt.TotalSeconds:0.000} s; a lost at {a.LostAt?.TotalSeconds:0.000} s; b leads from {b.StartedAt!.Value.TotalSeconds:0.000} s");
        Assert.NotNull(a.LostAt);
        Assert.True(a.LostAt <= cutAt + RenewDeadline + TimerSlack, $"a kept leading {a.LostAt - cutAt} after its renewals stalled");
        Assert.True(a.LostAt < b.StartedAt, "b started leading while a still did");
        AssertNoWorkWriteAfterLoss(a);
    }

    private static void AssertNoWorkWriteAfterLoss(Replica replica)
    {
        var late = replica.Requests.Requests.Where(r => r.IsWorkWrite && r.At >= replica.LostAt).ToList();
        Assert.True(late.Count == 0, $"{replica.Name} lost the Lease at {replica.LostAt?.TotalSeconds:0.000} s and then sent:\n{string.Join("\n", late)}");
    }

    private void Report(Replica replica)
    {
        var writes = replica.Requests.Requests.Where(r => r.IsWorkWrite).ToList();
        output.WriteLine($"{replica.Name}: {writes.Count} writes (status and events), last at {writes.LastOrDefault()?.At.TotalSeconds:0.000} s; " +
            $"leading {replica.StartedAt?.TotalSeconds:0.000}–{replica.LostAt?.TotalSeconds:0.000} s; controllers stopped at {replica.StoppedAt?.TotalSeconds:0.000} s");
    }

    private async Task<string> CreateWidgetsAsync(string prefix)
    {
        await TestCluster.EnsureWidgetCrdAsync(cluster.Client);
        var ns = await TestCluster.CreateNamespaceAsync(cluster.Client, prefix);
        for (var i = 0; i < 4; i++)
        {
            await TestCluster.CreateWidgetAsync(cluster.Client, ns, $"w{i}");
        }

        return ns;
    }

    private async Task<Dictionary<string, string>> ResourceVersionsAsync(string ns)
    {
        var list = await new CustomResourceClient<Widget>(cluster.Client, Widget.Type, ns).ListAsync(CancellationToken.None);
        return list.Items.ToDictionary(w => w.Metadata.Name, w => w.Metadata.ResourceVersion);
    }

    /// <summary>Patches a widget's status after a slow step (as a Prometheus query would be), records an Event, and polls.</summary>
    private sealed class SlowStatusReconciler(Informer<Widget> informer, IResourceClient<Widget> widgets, EventRecorder events, string identity) : IReconciler
    {
        private readonly StatusWriter _writer = new();
        private int _passes;

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            await Task.Delay(ReconcileTime, cancellationToken);
            if (informer.Get(key) is not { } widget)
            {
                return ReconcileResult.Done;
            }

            var pass = Interlocked.Increment(ref _passes);
            await _writer.PatchStatusAsync(widgets, key, new WidgetStatus { Phase = identity, Message = $"pass {pass}" }, cancellationToken);
            await events.NormalAsync(widget, "Reconciled", $"{identity} pass {pass}", cancellationToken);
            return ReconcileResult.After(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>One operator replica: a candidate that, while it leads, reconciles the namespace's widgets.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly Stopwatch _clock;
        private readonly string _namespace;
        private readonly TestLogger _logger;
        private readonly CancellationTokenSource _stop = new(TestCluster.TestTimeout);
        private readonly IKubernetes _client;
        private Task _run = Task.CompletedTask;
        private long _lostAtTicks = -1;
        private long _startedAtTicks = -1;
        private long _stoppedAtTicks = -1;

        public Replica(string name, LocalApiServerCluster cluster, string ns, Stopwatch clock, ITestOutputHelper output)
        {
            Name = name;
            _clock = clock;
            _namespace = ns;
            _logger = new TestLogger(output, name);
            Requests = new RequestLog(clock);
            _client = new Kubernetes(cluster.Config, Requests);
            Elector = new LeaderElector(
                _client,
                new LeaderElectionOptions
                {
                    LeaseName = LeaseName,
                    LeaseNamespace = ns,
                    Identity = $"{name}-{Guid.NewGuid():N}",
                    LeaseDuration = LeaseDuration,
                    RenewDeadline = RenewDeadline,
                    RetryPeriod = RetryPeriod,
                },
                _logger);
        }

        public string Name { get; }

        public RequestLog Requests { get; }

        public LeaderElector Elector { get; }

        /// <summary>When its first term began.</summary>
        public TimeSpan? StartedAt => At(ref _startedAtTicks);

        /// <summary>When the token of its first term was cancelled: the loss.</summary>
        public TimeSpan? LostAt => At(ref _lostAtTicks);

        /// <summary>When the work of its first term returned.</summary>
        public TimeSpan? StoppedAt => At(ref _stoppedAtTicks);

        public int WorkWritesSince(TimeSpan since) => Requests.Requests.Count(r => r.IsWorkWrite && r.At >= since);

        public void Start() => _run = Elector.RunAsync(LeadAsync, _stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(15));
            _client.Dispose();
            _stop.Dispose();
        }

        private static TimeSpan? At(ref long ticks) => Volatile.Read(ref ticks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;

        private void Mark(ref long ticks) => Interlocked.CompareExchange(ref ticks, _clock.Elapsed.Ticks, -1);

        private async Task LeadAsync(CancellationToken leading)
        {
            Mark(ref _startedAtTicks);
            using var lost = leading.Register(() => Mark(ref _lostAtTicks));
            try
            {
                var widgets = new CustomResourceClient<Widget>(_client, Widget.Type, _namespace);
                var informer = new Informer<Widget>(widgets, _logger);
                var reconciler = new SlowStatusReconciler(informer, widgets, new EventRecorder(_client, "frontier-test", _logger), Name);
                var controller = new Controller("widgets", reconciler, _logger, new ControllerOptions { Workers = 2 }).For(informer);
                await Task.WhenAll(informer.RunAsync(leading), controller.RunAsync(leading));
            }
            finally
            {
                Mark(ref _stoppedAtTicks);
            }
        }
    }
}
