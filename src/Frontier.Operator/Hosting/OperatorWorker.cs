using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using Frontier.Operator.Demand;
using Frontier.Operator.Metrics;
using Frontier.Operator.Reconcilers;
using Frontier.Operator.Scaling;
using Frontier.Prometheus;
using Frontier.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Frontier.Operator.Hosting;

/// <summary>
/// Campaigns for the leader Lease and, while leading, runs the three controllers. Every replica serves
/// health and metrics; only the leader watches, reconciles and scales. The controllers run on the elector's
/// leading token, so losing the Lease cancels every reconcile in flight and no write follows; the replica then
/// drops its per-route metrics and campaigns again.
/// </summary>
internal sealed partial class OperatorWorker(
    IKubernetes client,
    IOptions<OperatorOptions> options,
    IHttpClientFactory http,
    OperatorState state,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<OperatorWorker>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var elector = new LeaderElector(client, new LeaderElectionOptions
        {
            LeaseName = o.LeaseName,
            LeaseNamespace = o.LeaseNamespace,
            Identity = o.Identity ?? LeaderElectionOptions.DefaultIdentity(),
            LeaseDuration = o.LeaseDuration,
            RenewDeadline = o.RenewDeadline,
            RetryPeriod = o.RetryPeriod,
        }, loggers.CreateLogger<LeaderElector>());
        state.Identity = elector.Identity;
        LogCampaigning(_logger, elector.Identity, o.LeaseNamespace, o.LeaseName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await elector.RunAsync(async leading =>
                {
                    state.IsLeader = true;
                    OperatorMetrics.IsLeader.Set(1);
                    LogLeading(_logger, elector.Identity);
                    try { await RunControllersAsync(leading).ConfigureAwait(false); }
                    finally
                    {
                        state.IsLeader = false;
                        OperatorMetrics.IsLeader.Set(0);
                        OperatorMetrics.ForgetAllRoutes();
                        LogStoppedLeading(_logger, elector.Identity);
                    }
                }, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogElectionFailed(_logger, e);
                await Task.Delay(o.RetryPeriod, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunControllersAsync(CancellationToken ct)
    {
        var o = options.Value;
        var ns = string.IsNullOrWhiteSpace(o.WatchNamespace) ? null : o.WatchNamespace;
        var profileClient = new CustomResourceClient<GpuProfile>(client, ResourceTypes.GpuProfiles);
        var benchmarkClient = new CustomResourceClient<ModelBenchmark>(client, ResourceTypes.ModelBenchmarks, ns);
        var routeClient = new CustomResourceClient<ModelRoute>(client, ResourceTypes.ModelRoutes, ns);
        var profiles = new Informer<GpuProfile>(profileClient, loggers.CreateLogger("informer.gpuprofiles"));
        var benchmarks = new Informer<ModelBenchmark>(benchmarkClient, loggers.CreateLogger("informer.modelbenchmarks"));
        var routes = new Informer<ModelRoute>(routeClient, loggers.CreateLogger("informer.modelroutes"));
        // Only opted-in Deployments: a route follows its candidates' readiness the moment it changes, not an interval later.
        var deployments = new Informer<V1Deployment>(
            new CustomResourceClient<V1Deployment>(client, ResourceTypes.Deployments, ns, labelSelector: OptIn.RouteLabel),
            loggers.CreateLogger("informer.deployments"));
        var catalog = new InformerCatalog(profiles, benchmarks);
        var writer = new StatusWriter(loggers.CreateLogger<StatusWriter>());
        var events = new RecorderEvents(new EventRecorder(client, "frontier-operator", loggers.CreateLogger<EventRecorder>()));
        var metrics = new PrometheusRouteMetricsReader(url => new PrometheusClient(http.CreateClient("prometheus"), url), new DeploymentPods(client, loggers.CreateLogger<DeploymentPods>()), o, loggers.CreateLogger<PrometheusRouteMetricsReader>());
        var controllerOptions = new ControllerOptions { Workers = o.Workers, Metrics = PrometheusControllerMetrics.Instance };

        var profileController = new Controller("gpuprofile",
            new GpuProfileReconciler(profiles.Get, new StatusPatch<GpuProfile, GpuProfileStatus>(profileClient, writer), TimeProvider.System),
            loggers.CreateLogger("controller.gpuprofile"), controllerOptions).For(profiles);
        var benchmarkController = new Controller("modelbenchmark",
            new ModelBenchmarkReconciler(benchmarks.Get, catalog, new StatusPatch<ModelBenchmark, ModelBenchmarkStatus>(benchmarkClient, writer), TimeProvider.System),
            loggers.CreateLogger("controller.modelbenchmark"), controllerOptions)
            .For(benchmarks)
            .Watch(profiles, p => benchmarks.List().Where(b => b.Spec.GpuProfile == p.Metadata.Name).Select(ObjectKey.Of));
        var routeController = new Controller("modelroute",
            new ModelRouteReconciler(routes.Get, catalog, metrics, new DeploymentScaler(client, loggers.CreateLogger<DeploymentScaler>()),
                new StatusPatch<ModelRoute, ModelRouteStatus>(routeClient, writer), events, o, TimeProvider.System,
                loggers.CreateLogger<ModelRouteReconciler>()),
            loggers.CreateLogger("controller.modelroute"), controllerOptions)
            .For(routes)
            .Watch(benchmarks, b => routes.List().Where(r => UsesBenchmark(r, b)).Select(ObjectKey.Of))
            .Watch(profiles, p => routes.List().Where(r => UsesProfile(r, p.Metadata.Name, catalog)).Select(ObjectKey.Of));
        deployments.Changed += new ReadinessTrigger(d => routes.List().Where(r => UsesDeployment(r, d)).Select(ObjectKey.Of), routeController.Queue, () => deployments.HasSynced).OnChanged;

        await Task.WhenAll(
            profiles.RunAsync(ct), benchmarks.RunAsync(ct), routes.RunAsync(ct), deployments.RunAsync(ct),
            profileController.RunAsync(ct), benchmarkController.RunAsync(ct), routeController.RunAsync(ct)).ConfigureAwait(false);
    }

    private static bool UsesBenchmark(ModelRoute route, ModelBenchmark benchmark) =>
        ResourceNames.NamespaceOf(route) == ResourceNames.NamespaceOf(benchmark)
        && (route.Spec.Candidates ?? []).Any(c => c.Benchmark == benchmark.Metadata.Name);

    private static bool UsesDeployment(ModelRoute route, V1Deployment deployment) =>
        ResourceNames.NamespaceOf(route) == deployment.Metadata.NamespaceProperty
        && (route.Spec.Candidates ?? []).Any(c => c.Deployment == deployment.Metadata.Name);

    private static bool UsesProfile(ModelRoute route, string profile, IResourceCatalog catalog) =>
        (route.Spec.Candidates ?? []).Any(c => c.GpuProfile == profile
            || (c.Benchmark is { } b && catalog.FindBenchmark(ResourceNames.NamespaceOf(route), b)?.Spec.GpuProfile == profile));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} campaigning for Lease {Namespace}/{Name}")]
    private static partial void LogCampaigning(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is the leader; starting controllers")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading; controllers stopped")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "leader election failed; retrying")]
    private static partial void LogElectionFailed(ILogger logger, Exception error);
}
