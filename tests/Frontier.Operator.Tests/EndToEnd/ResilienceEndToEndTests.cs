using System.Diagnostics;
using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>The operator when its world misbehaves: the API server restarts, the leader dies.</summary>
public abstract class ResilienceEndToEndTests(IKubeCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact(Timeout = 240_000)]
    public async Task After_an_apiserver_restart_later_changes_are_still_reconciled()
    {
        if (cluster.Kind == "k3s") DockerEngine.SkipIfUnavailable();
        Skip.If(cluster.Kind == "k3s", "k3s runs the API server inside its single process; it cannot be restarted alone");
        var bed = await TestBed.CreateAsync(cluster, "restart");
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":4}}}""");
        await using var op = await OperatorProcess.StartAsync(cluster, "op-restart", bed.Namespace);
        try
        {
            await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready") && r!.Status!.Demand?.RequestsPerSecond == 4,
                Patience, "Ready at 4 req/s", () => op.LogTail);

            await cluster.RestartApiServerAsync();
            await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":30}}}""");
            var after = await Poll.UntilAsync(() => bed.RouteAsync(), r => r?.Status?.Demand?.RequestsPerSecond == 30 && r.Status.ObservedGeneration == r.Metadata.Generation,
                TimeSpan.FromSeconds(90), "the change made after the restart reconciled", () => op.LogTail);
            foreach (var c in after.Status!.Plan!.Candidates)
                await Poll.UntilAsync(() => bed.ReplicasAsync(c.Name!), r => r == c.Replicas, Patience, $"{c.Name} scaled to {c.Replicas}");
            Assert.False(op.HasExited);
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }

    [SkippableFact(Timeout = 240_000)]
    public async Task When_the_leader_dies_the_standby_takes_over_and_never_both_lead()
    {
        if (cluster.Kind == "k3s") DockerEngine.SkipIfUnavailable();
        var bed = await TestBed.CreateAsync(cluster, "leader");
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":4}}}""");
        await using var a = await OperatorProcess.StartAsync(cluster, "op-a", bed.Namespace);
        await using var b = await OperatorProcess.StartAsync(cluster, "op-b", bed.Namespace);
        var both = 0;
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await a.IsLeaderAsync() && await b.IsLeaderAsync()) Interlocked.Increment(ref both);
                await Task.Delay(200);
            }
        });
        try
        {
            var leader = await Poll.UntilAsync<OperatorProcess>(async () => await a.IsLeaderAsync() ? a : await b.IsLeaderAsync() ? b : null,
                l => l is not null, Patience, "a leader", () => a.LogTail + "\n---\n" + b.LogTail);
            var standby = leader == a ? b : a;
            Assert.False(await standby.IsLeaderAsync());
            await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready"), Patience, "Ready under the first leader");

            var clock = Stopwatch.StartNew();
            leader.Kill();
            await Poll.UntilAsync(standby.IsLeaderAsync, l => l, TimeSpan.FromSeconds(30), $"{standby.Identity} to take over", () => standby.LogTail);
            var takeover = clock.Elapsed;
            output.WriteLine($"takeover after {takeover.TotalSeconds:0.0} s");
            Assert.True(takeover < TimeSpan.FromSeconds(20), $"takeover took {takeover.TotalSeconds:0.0} s");

            await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":25}}}""");
            await Poll.UntilAsync(() => bed.RouteAsync(), r => r?.Status?.Demand?.RequestsPerSecond == 25, Patience,
                "the new leader reconciles", () => standby.LogTail);
        }
        finally
        {
            await stop.CancelAsync();
            await watcher;
            output.WriteLine(a.LogTail + "\n---\n" + b.LogTail);
        }
        Assert.Equal(0, both);
    }
}
