using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Frontier.Api.Routes;
using k8s.Models;

namespace Frontier.Gateway.Tests;

/// <summary>The gateway with real simulator processes while its world changes: plan swaps and a backend dying under load.</summary>
public sealed class GatewayUnderChangeTests
{
    private static ModelRoute Route(SimulatorProcess a, SimulatorProcess b, double weightA, double weightB) => new()
    {
        Metadata = new V1ObjectMeta { Name = "chat", NamespaceProperty = "default" },
        Spec = new ModelRouteSpec
        {
            Model = "chat",
            Candidates =
            [
                new CandidateSpec { Name = "a", Benchmark = "a", ServedModel = "sim-a", Backend = new BackendSpec { Url = a.Url }, Replicas = new ReplicaBoundsSpec { Min = 1, Max = 1 } },
                new CandidateSpec { Name = "b", Benchmark = "b", ServedModel = "sim-b", Backend = new BackendSpec { Url = b.Url }, Replicas = new ReplicaBoundsSpec { Min = 1, Max = 1 } },
            ],
        },
        Status = new ModelRouteStatus
        {
            Plan = new PlanStatus
            {
                HourlyCost = 1,
                ExpectedQuality = 1,
                Candidates =
                [
                    new PlanCandidateStatus { Name = "a", Weight = weightA, Replicas = 1, ConcurrencyPerReplica = 64, MaxInFlight = 64, CostPerRequestUsd = 0.001 },
                    new PlanCandidateStatus { Name = "b", Weight = weightB, Replicas = 1, ConcurrencyPerReplica = 64, MaxInFlight = 64, CostPerRequestUsd = 0.001 },
                ],
            },
        },
    };

    /// <summary>Sends <paramref name="count"/> non-streamed requests, <paramref name="parallel"/> at a time; returns status and served model of each.</summary>
    private static async Task<List<(HttpStatusCode Code, string? Model)>> LoadAsync(HttpClient client, int count, int parallel, Func<int, Task>? afterEach = null)
    {
        var results = new ConcurrentBag<(HttpStatusCode, string?)>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                using var content = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/v1/chat/completions", content);
                string? model = null;
                if (response.IsSuccessStatusCode) model = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("model").GetString();
                results.Add((response.StatusCode, model));
                if (afterEach is not null) await afterEach(i);
            }
        }));
        return [.. results];
    }

    [Fact(Timeout = 120_000)]
    public async Task Plan_changes_under_load_drop_no_request()
    {
        await using var a = await SimulatorProcess.StartAsync("sim-a", 0.02);
        await using var b = await SimulatorProcess.StartAsync("sim-b", 0.02);
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Use(Route(a, b, 1, 0));
        using var swaps = new CancellationTokenSource();
        var swapper = Task.Run(async () =>
        {
            for (var k = 0; !swaps.IsCancellationRequested; k++)
            {
                gateway.Use(k % 2 == 0 ? Route(a, b, 0, 1) : Route(a, b, 1, 0));
                await Task.Delay(50);
            }
        });
        var results = await LoadAsync(gateway.Client, 400, 16);
        await swaps.CancelAsync();
        await swapper;
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Code));
        Assert.Contains(results, r => r.Model == "sim-a");
        Assert.Contains(results, r => r.Model == "sim-b");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_backend_killed_under_load_fails_no_request_that_had_not_started_a_response()
    {
        await using var a = await SimulatorProcess.StartAsync("sim-a", 0.05);
        await using var b = await SimulatorProcess.StartAsync("sim-b", 0.05);
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Use(Route(a, b, 0.5, 0.5));
        var results = await LoadAsync(gateway.Client, 300, 12, i =>
        {
            if (i == 60) a.Kill();
            return Task.CompletedTask;
        });
        // Non-streamed responses start only when complete, so every request cut off by the kill had sent no byte yet.
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Code));
        Assert.Contains(results, r => r.Model == "sim-a");
        Assert.True(results.Count(r => r.Model == "sim-b") > 200, $"sim-b served {results.Count(r => r.Model == "sim-b")} of 300");
    }
}
