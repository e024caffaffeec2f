using Frontier.Gateway.Endpoints;
using Frontier.Gateway.ServerLoad;
using Frontier.Runtime;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Frontier.Gateway;

/// <summary>Builds the gateway's web application.</summary>
public static class GatewayApp
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--routes"] = "Gateway:RoutesFile",
        ["--kubeconfig"] = "Gateway:Kubeconfig",
        ["--namespace"] = "Gateway:Namespace",
        ["--in-cluster"] = "Gateway:InCluster",
        ["--max-body-bytes"] = "Gateway:MaxBodyBytes",
        ["--queue-wait"] = "Gateway:QueueWait",
        ["--gateway-replicas"] = "Gateway:GatewayReplicas",
        ["--consecutive-5xx"] = "Gateway:OutlierDetection:Consecutive5xx",
        ["--consecutive-connect-failures"] = "Gateway:OutlierDetection:ConsecutiveConnectFailures",
        ["--base-ejection-time"] = "Gateway:OutlierDetection:BaseEjectionTime",
        ["--max-ejection-time"] = "Gateway:OutlierDetection:MaxEjectionTime",
        ["--max-ejection-percent"] = "Gateway:OutlierDetection:MaxEjectionPercent",
        ["--server-load-interval"] = "Gateway:ServerLoadInterval",
    };

    /// <summary>A bare "--in-cluster" becomes "--in-cluster true" (switch mappings need a value).</summary>
    private static string[] ExpandFlags(string[] args)
    {
        var result = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (args[i] == "--in-cluster" && (i + 1 >= args.Length || !bool.TryParse(args[i + 1], out _))) result.Add("true");
        }
        return [.. result];
    }

    /// <summary>
    /// Creates the application. Bad settings throw <see cref="GatewayOptionsException"/> with a message naming the flag. <paramref name="configure"/> may replace services (tests inject a seeded
    /// <see cref="Random"/> through <see cref="CandidatePicker"/>, a fake clock, or options).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        args = ExpandFlags(args);
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, Switches);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true); // one line per event (an ejection, a reload)
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        // The forwarder reports every backend failure as a warning with its exception and stack trace; the gateway
        // handles those (retry, outlier detection, 502) and logs one line each (OutlierDetector).
        builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder.HttpForwarder", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);

        var options = GatewayOptions.From(builder.Configuration.GetSection("Gateway"));
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpForwarder();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(_ => new CandidatePicker(new Random()));
        builder.Services.AddSingleton<RoutingTableHolder>();
        builder.Services.AddSingleton<CandidateStates>();
        var kubeMode = string.IsNullOrWhiteSpace(options.RoutesFile) && (!string.IsNullOrWhiteSpace(options.Kubeconfig) || options.InCluster);
        var directory = new EndpointDirectory();
        if (kubeMode) directory.MarkWatching(); // before the first request, so the fallback is not logged as if standalone
        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton(sp => new EndpointResolver(sp.GetRequiredService<CandidateStates>(), directory,
            sp.GetRequiredService<ILogger<EndpointResolver>>(), options.GatewayReplicas));
        builder.Services.AddSingleton<EndpointGauges>();
        builder.Services.AddSingleton(_ => new GatewayMetrics(Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton(sp => new Admission(
            sp.GetRequiredService<CandidatePicker>(), sp.GetRequiredService<CandidateStates>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<GatewayOptions>(), sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<EndpointResolver>(),
            sp.GetRequiredService<IServerLoad>()));
        builder.Services.AddSingleton(sp => new OutlierDetector(
            sp.GetRequiredService<CandidateStates>(), options.OutlierDetection, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<ILogger<OutlierDetector>>()));
        builder.Services.AddSingleton<RetryPolicy>();
        builder.Services.AddSingleton<BackendInvoker>();
        builder.Services.AddSingleton(sp => new ForwardingAttempt(
            sp.GetRequiredService<Yarp.ReverseProxy.Forwarder.IHttpForwarder>(), sp.GetRequiredService<BackendInvoker>(),
            sp.GetRequiredService<GatewayOptions>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<OpenAiProxy>();
        // Other gateways' load on each Pod: its running + waiting less this gateway's own (scraped only for discovered Pods).
        builder.Services.AddServerLoad(options.ServerLoadInterval, sp => sp.GetRequiredService<CandidateStates>().InFlightAt);

        if (!string.IsNullOrWhiteSpace(options.RoutesFile))
        {
            builder.Services.AddHostedService<FileRouteSource>();
        }
        else if (!string.IsNullOrWhiteSpace(options.Kubeconfig) || options.InCluster)
        {
            KubernetesClientConfiguration kube;
            try
            {
                kube = KubeClientConfigurations.Load(options.Kubeconfig, "--kubeconfig", defaultFileOutsideCluster: false,
                    otherwise: "--routes FILE.yaml to run without a cluster");
            }
            catch (KubeClientConfigurationException e)
            {
                throw new GatewayOptionsException(e.Message);
            }
            builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(kube));
            builder.Services.AddHostedService<KubeRouteSource>();
            builder.Services.AddHostedService<KubeEndpointSource>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (RoutingTableHolder holder) =>
            holder.Loaded ? Results.Text("ready") : Results.Text("no routing table loaded yet", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.Services.GetRequiredService<EndpointGauges>(); // registers its scrape-time refresh
        var scraper = app.Services.GetRequiredService<ServerLoadScraper>();
        directory.Changed += () => scraper.Track(directory.Addresses()); // the scraper reads every ready Pod, nothing else
        scraper.OthersLoadFell += app.Services.GetRequiredService<CandidateStates>().SignalRelease; // other gateways freed a slot
        app.MapMetrics("/metrics", app.Services.GetRequiredService<GatewayMetrics>().Registry);
        app.MapGet("/v1/models", (RoutingTableHolder holder) => Results.Json(new
        {
            @object = "list",
            data = holder.Current.Routes.Select(r => new { id = r.Alias, @object = "model", created = 0, owned_by = "frontier" }),
        }));
        var proxy = app.Services.GetRequiredService<OpenAiProxy>();
        app.MapPost("/v1/chat/completions", proxy.HandleAsync);
        app.MapPost("/v1/completions", proxy.HandleAsync);
        app.MapPost("/v1/embeddings", proxy.HandleAsync);
        app.MapPost("/v1/responses", proxy.HandleAsync);
        return app;
    }
}
