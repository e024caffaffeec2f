using System.Diagnostics;
using Frontier.Testing;
using k8s;
using Xunit.Abstractions;

namespace Frontier.Runtime.Tests;

[Collection(TestCollections.Kube)]
public sealed class LeaderElectorIntegrationTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    /// <summary>One candidate: its elector, its RunAsync task and when its callback started and stopped.</summary>
    private sealed class Candidate
    {
        private readonly Stopwatch _clock;
        private volatile bool _leading;

        public Candidate(string name, IKubernetes client, string ns, string lease, Stopwatch clock, ITestOutputHelper output)
        {
            Name = name;
            Client = client;
            _clock = clock;
            Elector = new LeaderElector(
                client,
                new LeaderElectionOptions
                {
                    LeaseName = lease,
                    LeaseNamespace = ns,
                    Identity = $"{name}-{Guid.NewGuid():N}",
                    LeaseDuration = LeaseDuration,
                    RenewDeadline = RenewDeadline,
                    RetryPeriod = RetryPeriod,
                },
                new TestLogger(output, name));
        }

        public string Name { get; }

        public IKubernetes Client { get; }

        public LeaderElector Elector { get; }

        public CancellationTokenSource Stop { get; } = new(TestCluster.TestTimeout);

        public Task Run { get; private set; } = Task.CompletedTask;

        public bool Leading => _leading;

        public TimeSpan? StartedAt { get; private set; }

        public TimeSpan? StoppedAt { get; private set; }

        public int Terms { get; private set; }

        public void Start() => Run = Elector.RunAsync(LeadAsync, Stop.Token);

        private async Task LeadAsync(CancellationToken token)
        {
            Terms++;
            StartedAt = _clock.Elapsed;
            _leading = true;
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                _leading = false;
                StoppedAt = _clock.Elapsed;
            }
        }
    }

    /// <summary>Two candidates on one new Lease; with <paramref name="aFirst"/>, b starts only once a leads.</summary>
    private async Task<(Candidate A, Candidate B, Stopwatch Clock, string Ns, string Lease)> StartTwoAsync(bool aFirst)
    {
        var ns = await TestCluster.CreateNamespaceAsync(cluster.Client, "lease");
        var lease = "frontier-test";
        var clock = Stopwatch.StartNew();
        var a = new Candidate("a", aFirst ? cluster.CreateClient() : cluster.Client, ns, lease, clock, output);
        var b = new Candidate("b", cluster.Client, ns, lease, clock, output);
        a.Start();
        if (aFirst)
        {
            await Poll.UntilTrueAsync(() => a.Leading, "a leads", TimeSpan.FromSeconds(20));
        }

        b.Start();
        return (a, b, clock, ns, lease);
    }

    private static async Task<Candidate> ExactlyOneLeadsAsync(Candidate a, Candidate b)
    {
        await Poll.UntilTrueAsync(() => a.Leading || b.Leading, "someone leads", TimeSpan.FromSeconds(20));
        for (var i = 0; i < 30; i++)
        {
            Assert.False(a.Leading && b.Leading, "both candidates lead at once");
            Assert.Equal(a.Leading, a.Elector.IsLeader);
            Assert.Equal(b.Leading, b.Elector.IsLeader);
            await Task.Delay(100);
        }

        Assert.True(a.Leading ^ b.Leading);
        return a.Leading ? a : b;
    }

    [Fact]
    public async Task Exactly_one_leads_and_the_other_takes_over_at_once_when_the_leader_shuts_down()
    {
        var (a, b, clock, ns, lease) = await StartTwoAsync(aFirst: false);
        var leader = await ExactlyOneLeadsAsync(a, b);
        var follower = leader == a ? b : a;
        var record = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, ns);
        Assert.Equal(leader.Elector.Identity, record.Spec.HolderIdentity);
        Assert.Equal(leader.Elector.Identity, follower.Elector.CurrentLeader);

        var shutdownAt = clock.Elapsed;
        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(leader.Leading);
        Assert.False(leader.Elector.IsLeader);

        // The lease was released, so the follower need not wait for it to expire.
        await Poll.UntilTrueAsync(() => follower.Leading, "follower takes over", LeaseDuration + RetryPeriod + Slack);
        var takeover = follower.StartedAt!.Value - shutdownAt;
        output.WriteLine($"takeover after graceful shutdown: {takeover.TotalSeconds:0.00} s");
        Assert.True(takeover < LeaseDuration, $"takeover took {takeover}, as if the lease had not been released");
        record = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, ns);
        Assert.Equal(follower.Elector.Identity, record.Spec.HolderIdentity);
        Assert.True(record.Spec.LeaseTransitions >= 2);

        await follower.Stop.CancelAsync();
        await follower.Run.WaitAsync(TimeSpan.FromSeconds(10));
        record = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, ns);
        Assert.True(string.IsNullOrEmpty(record.Spec.HolderIdentity));
    }

    [Fact]
    public async Task When_the_leader_stops_renewing_it_steps_down_and_the_other_takes_over_after_the_lease_expires()
    {
        var (a, b, clock, _, _) = await StartTwoAsync(aFirst: true); // a has a client of its own
        await Poll.UntilTrueAsync(() => b.Elector.CurrentLeader == a.Elector.Identity, "b sees a lead");
        Assert.False(b.Leading);

        // a's process "dies" from the cluster's point of view: its client stops working, so it can no longer renew.
        var diedAt = clock.Elapsed;
        a.Client.Dispose();

        await Poll.UntilTrueAsync(() => b.Leading, "b takes over", LeaseDuration + RetryPeriod + Slack + Slack);
        var takeover = b.StartedAt!.Value - diedAt;
        var stepDown = a.StoppedAt!.Value - diedAt;
        output.WriteLine($"a stepped down after {stepDown.TotalSeconds:0.00} s; b took over after {takeover.TotalSeconds:0.00} s");

        Assert.True(stepDown <= RenewDeadline + Slack, $"a kept leading for {stepDown} without renewing");
        Assert.True(a.StoppedAt < b.StartedAt, "the old leader's callback was still running when the new one started");
        Assert.True(takeover >= LeaseDuration - (2 * RetryPeriod), $"b took the lease after {takeover}, before it expired");
        Assert.True(takeover <= LeaseDuration + RetryPeriod + Slack, $"b took over only after {takeover}");
        Assert.False(a.Elector.IsLeader);
        Assert.False(a.Run.IsCompleted, "after losing the lease a candidate keeps contending");
        Assert.Equal(1, a.Terms);

        await a.Stop.CancelAsync();
        await b.Stop.CancelAsync();
        await Task.WhenAll(a.Run, b.Run).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_leader_that_finds_the_lease_taken_steps_down_at_once_and_contends_again()
    {
        var ns = await TestCluster.CreateNamespaceAsync(cluster.Client, "lease");
        var clock = Stopwatch.StartNew();
        var a = new Candidate("a", cluster.Client, ns, "taken", clock, output);
        a.Start();
        await Poll.UntilTrueAsync(() => a.Leading, "a leads", TimeSpan.FromSeconds(20));

        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("taken", ns);
        lease.Spec.HolderIdentity = "intruder";
        lease.Spec.RenewTime = DateTime.UtcNow;
        await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "taken", ns);
        var takenAt = clock.Elapsed;

        await Poll.UntilTrueAsync(() => !a.Leading, "a steps down", RetryPeriod + Slack);
        output.WriteLine($"a stepped down {(a.StoppedAt!.Value - takenAt).TotalSeconds:0.00} s after the lease was taken");
        Assert.Equal("intruder", a.Elector.CurrentLeader);

        // The intruder never renews, so a takes the lease back once it expires.
        await Poll.UntilTrueAsync(() => a.Terms == 2 && a.Leading, "a leads again", LeaseDuration + RetryPeriod + Slack);
        Assert.True(a.StartedAt!.Value - takenAt >= LeaseDuration - RetryPeriod);

        await a.Stop.CancelAsync();
        await a.Run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_callback_returning_ends_RunAsync_and_releases_the_lease()
    {
        var ns = await TestCluster.CreateNamespaceAsync(cluster.Client, "lease");
        var elector = new LeaderElector(
            cluster.Client,
            new LeaderElectionOptions { LeaseName = "once", LeaseNamespace = ns, LeaseDuration = LeaseDuration, RenewDeadline = RenewDeadline, RetryPeriod = RetryPeriod },
            new TestLogger(output, "once"));
        var ran = false;
        await elector.RunAsync(_ => { ran = true; return Task.CompletedTask; }, CancellationToken.None).WaitAsync(TestCluster.TestTimeout);
        Assert.True(ran);
        Assert.False(elector.IsLeader);
        var record = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("once", ns);
        Assert.True(string.IsNullOrEmpty(record.Spec.HolderIdentity));
        Assert.Contains("_", LeaderElectionOptions.DefaultIdentity());
    }
}
