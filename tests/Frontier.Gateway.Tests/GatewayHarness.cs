using Frontier.Api.Routes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Frontier.Gateway.Tests;

/// <summary>A gateway on 127.0.0.1 with a client pointed at it.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private GatewayHarness(WebApplication app, string url)
    {
        App = app;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }
    public string Url { get; }
    public HttpClient Client { get; }
    public RoutingTableHolder Holder => App.Services.GetRequiredService<RoutingTableHolder>();

    public static async Task<GatewayHarness> StartAsync(IEnumerable<string>? extraArgs = null, int seed = 12345)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        args.AddRange(extraArgs ?? []);
        var app = GatewayApp.Build([.. args], b =>
        {
            b.Services.AddSingleton(new CandidatePicker(new Random(seed)));
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHarness(app, url);
    }

    public void Use(params ModelRoute[] routes) => Holder.Swap(RoutingTableBuilder.Build(routes));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>ModelRoutes in code.</summary>
public static class Routes
{
    public record Cand(string Name, string Url, string ServedModel, double? Weight = null, int MaxInFlight = 0, double Cost = 0);

    public static ModelRoute Make(string alias, bool withPlan, params Cand[] candidates)
    {
        var route = new ModelRoute();
        route.Metadata.Name = "route-" + alias;
        route.Metadata.NamespaceProperty = "team";
        route.Spec.Model = alias;
        route.Spec.Candidates = [.. candidates.Select(c => new CandidateSpec
        {
            Name = c.Name,
            Benchmark = c.Name + "-bench",
            ServedModel = c.ServedModel,
            Backend = new BackendSpec { Url = c.Url },
            Replicas = new ReplicaBoundsSpec { Min = 0, Max = 4 },
        })];
        if (withPlan)
        {
            route.Status = new ModelRouteStatus
            {
                Plan = new PlanStatus
                {
                    HourlyCost = 1,
                    Candidates = [.. candidates.Select(c => new PlanCandidateStatus
                    {
                        Name = c.Name, Weight = c.Weight ?? 0, Replicas = 1, ConcurrencyPerReplica = Math.Max(1, c.MaxInFlight),
                        MaxInFlight = c.MaxInFlight, CostPerRequestUsd = c.Cost,
                    })],
                },
            };
        }
        return route;
    }
}
