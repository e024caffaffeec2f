using Xunit.Abstractions;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Frontier.Simulator.Tests;

[Collection(TimingCollection.Name)]
public class FaultTests(ITestOutputHelper output)
{
    private const string Chat = """{"model":"sim-model","messages":[{"role":"user","content":"hello"}]}""";

    private static async Task<HttpResponseMessage> SetAsync(SimHost sim, string? token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/faults") { Content = HttpTests.Body(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await sim.Client.SendAsync(request);
    }

    [Fact]
    public async Task AdminNeedsTheToken()
    {
        await using var off = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01 });
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(off, "x", """{"mode":"fail","rate":1}""")).StatusCode);

        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, AdminToken = "secret" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await SetAsync(sim, null, """{"mode":"fail","rate":1}""")).StatusCode);
        var wrong = await SetAsync(sim, "nope", """{"mode":"fail","rate":1}""");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        HttpTests.AssertError(await HttpTests.JsonAsync(wrong), "invalid_api_key");
        Assert.Equal(HttpStatusCode.BadRequest, (await SetAsync(sim, "secret", """{"mode":"explode","rate":1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SetAsync(sim, "secret", """{"mode":"fail","rate":2}""")).StatusCode);
        // Nothing was switched on by the rejected calls.
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat))).StatusCode);
    }

    [Fact]
    public async Task FailDropAndSlow()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.1, CompletionTokens = 4, AdminToken = "secret" });

        Assert.Equal(HttpStatusCode.OK, (await SetAsync(sim, "secret", """{"mode":"fail","rate":1}""")).StatusCode);
        var failed = await sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        HttpTests.AssertError(await HttpTests.JsonAsync(failed), null);

        Assert.Equal(HttpStatusCode.OK, (await SetAsync(sim, "secret", """{"mode":"drop","rate":1}""")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat)));

        Assert.Equal(HttpStatusCode.OK, (await SetAsync(sim, "secret", """{"mode":"none"}""")).StatusCode);
        // The best of three, so one stall of a busy machine does not pass for normal (model: 45 ms; slow 450 ms).
        var normal = Math.Min(await TimeAsync(sim), Math.Min(await TimeAsync(sim), await TimeAsync(sim)));
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(sim, "secret", """{"mode":"slow","rate":1}""")).StatusCode);
        var slow = await TimeAsync(sim);
        output.WriteLine($"normal {normal:F3}s, slow {slow:F3}s");
        Assert.True(slow > 5 * normal, $"slow {slow:F3}s vs normal {normal:F3}s");

        Assert.Equal(HttpStatusCode.OK, (await SetAsync(sim, "secret", """{"mode":"fail","rate":0}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat))).StatusCode);
    }

    /// <summary>A fault with a marker hits only the requests whose body contains it, as a server that crashes on one input.</summary>
    [Fact]
    public async Task AMarkedFaultHitsOnlyTheRequestsThatCarryTheMarker()
    {
        await using var sim = await SimHost.StartAsync(new SimulatorOptions { TimeScale = 0.01, CompletionTokens = 2, AdminToken = "secret" });
        Assert.Equal(HttpStatusCode.BadRequest, (await SetAsync(sim, "secret", """{"mode":"fail","rate":1,"match":""}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(sim, "secret", """{"mode":"fail","rate":1,"match":"crash-me"}""")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError,
                (await sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body("""{"model":"sim-model","messages":[{"role":"user","content":"please crash-me now"}]}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.InternalServerError,
            (await sim.Client.PostAsync("/v1/embeddings", HttpTests.Body("""{"model":"sim-model","input":"crash-me"}"""))).StatusCode);
    }

    private static async Task<double> TimeAsync(SimHost sim)
    {
        var clock = Stopwatch.StartNew();
        using var response = await sim.Client.PostAsync("/v1/chat/completions", HttpTests.Body(Chat));
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalSeconds;
    }
}
