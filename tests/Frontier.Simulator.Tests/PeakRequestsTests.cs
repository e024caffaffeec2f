using System.Net;
using System.Net.Http.Headers;
using Frontier.Testing;

namespace Frontier.Simulator.Tests;

/// <summary>frontier_simulator_peak_requests: the high-water mark of running + waiting, and POST /admin/reset-peak.</summary>
public class PeakRequestsTests
{
    private static async Task<double> PeakAsync(SimHost sim) =>
        PrometheusText.Sum(await sim.Client.GetStringAsync("/metrics"), "frontier_simulator_peak_requests");

    private static async Task<HttpResponseMessage> ResetAsync(SimHost sim, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reset-peak");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await sim.Client.SendAsync(request);
    }

    [Fact]
    public async Task The_pool_counts_running_and_waiting_and_forgets_a_cancelled_waiter()
    {
        var pool = new ReplicaPool(replicas: 2, maxRunningPerReplica: 1);
        var a = await pool.AcquireAsync(CancellationToken.None);
        var b = await pool.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = pool.AcquireAsync(cancel.Token);
        var next = pool.AcquireAsync(CancellationToken.None);
        Assert.Equal(4, pool.Peak);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(4, pool.ResetPeak());
        Assert.Equal(3, pool.Peak); // two running, one waiting now
        a.Dispose();
        using var c = await next;
        b.Dispose();
        Assert.Equal(3, pool.Peak);
        Assert.Equal(3, pool.ResetPeak());
        Assert.Equal(1, pool.Peak);
    }

    [Fact]
    public async Task The_gauge_holds_the_most_requests_at_once_until_reset()
    {
        // At most 2 run; the other 3 wait (vLLM's waiting queue), so the peak is 5 although running never passes 2.
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.5, MaxNumSeqs = 2, CompletionTokens = 4, AdminToken = "secret" });
        Assert.Equal(0, await PeakAsync(sim));
        var requests = Enumerable.Range(0, 5).Select(_ => sim.Client.PostAsync("/v1/chat/completions",
            HttpTests.Body("""{"model":"sim-model","messages":[{"role":"user","content":"hi"}]}"""))).ToArray();
        foreach (var r in await Task.WhenAll(requests)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var metrics = await sim.Client.GetStringAsync("/metrics");
        Assert.Equal(5, PrometheusText.Sum(metrics, "frontier_simulator_peak_requests"));
        Assert.Equal(0, PrometheusText.Sum(metrics, "vllm:num_requests_running"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ResetAsync(sim, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ResetAsync(sim, "wrong")).StatusCode);
        Assert.Equal(5, await PeakAsync(sim));
        var reset = await HttpTests.JsonAsync(await ResetAsync(sim, "secret"));
        Assert.Equal(5, reset.GetProperty("previous_peak").GetInt32());
        Assert.Equal(0, reset.GetProperty("peak").GetInt32());
        Assert.Equal(0, await PeakAsync(sim));

        Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostAsync("/v1/responses", HttpTests.Body("""{"model":"sim-model","input":"hi"}"""))).StatusCode);
        Assert.Equal(1, await PeakAsync(sim));
    }

    [Fact]
    public async Task Without_an_admin_token_there_is_no_reset()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01 });
        Assert.Equal(HttpStatusCode.NotFound, (await ResetAsync(sim, "x")).StatusCode);
    }
}
