namespace Frontier.Simulator.Tests;

public class ReplicaPoolAndOptionsTests
{
    [Fact]
    public async Task RequestsGoToTheLeastLoadedReplica()
    {
        var pool = new ReplicaPool(2, 10);
        var a = await pool.AcquireAsync(default);
        var b = await pool.AcquireAsync(default);
        Assert.NotEqual(a.Replica, b.Replica);
        Assert.Equal(1, b.Concurrency);
        var c = await pool.AcquireAsync(default);
        Assert.Equal(2, c.Concurrency);
        c.Dispose();
        c.Dispose(); // idempotent
        Assert.Equal([1, 1], pool.RunningPerReplica());
        a.Dispose();
        var d = await pool.AcquireAsync(default);
        Assert.Equal(a.Replica, d.Replica);
    }

    [Fact]
    public async Task FullReplicasMakeRequestsWaitInOrder()
    {
        var pool = new ReplicaPool(1, 1);
        var first = await pool.AcquireAsync(default);
        var second = pool.AcquireAsync(default);
        using var cts = new CancellationTokenSource();
        var cancelled = pool.AcquireAsync(cts.Token);
        var third = pool.AcquireAsync(default);
        Assert.Equal(3, pool.Waiting);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(2, pool.Waiting);
        first.Dispose();
        var s = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(third.IsCompleted);
        Assert.Equal(1, s.Concurrency);
        s.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal([0], pool.RunningPerReplica());
        Assert.Equal(0, pool.Waiting);
    }

    [Fact]
    public void ParsesArguments()
    {
        var o = SimulatorOptions.Parse(["--benchmark", "f.yaml", "--name=b", "--replicas", "3", "--time-scale", "0.01",
            "--served-model", "m", "--urls", "http://127.0.0.1:9", "--admin-token", "t", "--completion-tokens", "8"]);
        Assert.Equal(("f.yaml", "b", 3, 0.01, "m", "http://127.0.0.1:9", "t", 8),
            (o.BenchmarkFile, o.BenchmarkName, o.Replicas, o.TimeScale, o.ServedModel, o.Urls, o.AdminToken, o.CompletionTokens));
        var d = SimulatorOptions.Parse([]);
        Assert.Null(d.AdminToken);
        Assert.Equal(1, d.Replicas);
        Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(["--replicas", "0"]));
        Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(["--time-scale", "-1"]));
        Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(["--benchmark", "f.yaml"]));
        Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(["--bogus"]));
        Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(["--urls"]));
        Assert.Equal(2.5, SimulatorOptions.Parse(["--startup-seconds", "2.5"]).StartupSeconds);
        Assert.Equal(0, d.StartupSeconds);
        Assert.Contains("--startup-seconds", Assert.Throws<ArgumentException>(() => SimulatorOptions.Parse(["--startup-seconds", "-1"])).Message, StringComparison.Ordinal);
    }
}
