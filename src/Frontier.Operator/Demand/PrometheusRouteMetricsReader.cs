using Frontier.Api.Schema;
using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Operator.Scaling;
using Frontier.Prometheus;
using Microsoft.Extensions.Logging;

namespace Frontier.Operator.Demand;

/// <summary>
/// Reads a route's demand from Prometheus: the gateway's request rate for the route, or, when the gateway
/// has no series for it, vLLM's successful-request rate for the candidates' served models; vLLM's live figures
/// per candidate; and, per GpuProfile, the mean DCGM power per GPU of the pods its candidates' Deployments select.
/// Any Prometheus failure becomes <see cref="RouteMetrics.Unavailable"/> with the reason and one warning line,
/// never an exception.
/// </summary>
internal sealed partial class PrometheusRouteMetricsReader(
    Func<Uri, PrometheusClient> clientFor,
    IDeploymentPods pods,
    OperatorOptions options,
    ILogger<PrometheusRouteMetricsReader> logger) : IRouteMetricsReader
{
    /// <summary>The metric names used where a route's spec.metrics does not name its own.</summary>
    private static readonly FrontierQueries Defaults = new();

    public async Task<RouteMetrics> ReadAsync(ModelRoute route, IReadOnlyList<PowerGroup> power, CancellationToken ct)
    {
        var spec = route.Spec.Metrics;
        var url = spec?.PrometheusUrl ?? options.PrometheusUrl;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
            return RouteMetrics.Unavailable("no Prometheus configured: set spec.metrics.prometheusUrl or the operator's Frontier:PrometheusUrl");

        var ns = ResourceNames.NamespaceOf(route);
        try
        {
            var queries = QueriesFor(spec);
            var client = clientFor(baseUrl);
            var (demand, source) = await ReadDemandAsync(client, queries, route, ns, ct).ConfigureAwait(false);
            return new RouteMetrics(true, null, demand, source)
            {
                Live = await ReadLiveAsync(client, queries, route, ct).ConfigureAwait(false),
                PowerKwPerGpu = await ReadPowerAsync(client, queries, ns, power, ct).ConfigureAwait(false),
            };
        }
        catch (PrometheusQueryException e)
        {
            LogUnavailable(logger, $"{ns}/{route.Metadata.Name}", e.Kind, e.Message);
            return RouteMetrics.Unavailable(e.Message);
        }
        catch (ArgumentException e)
        {
            return RouteMetrics.Unavailable($"spec.metrics: {e.Message}");
        }
    }

    private static FrontierQueries QueriesFor(MetricsSpec? spec) => new()
    {
        GatewayRequestsTotal = spec?.GatewayRequestsMetric ?? Defaults.GatewayRequestsTotal,
        VllmRequestSuccessTotal = spec?.VllmRequestSuccessMetric ?? Defaults.VllmRequestSuccessTotal,
        DcgmPowerUsage = spec?.DcgmPowerMetric ?? Defaults.DcgmPowerUsage,
        RateWindow = Durations.TryParse(spec?.RateWindow, out var window) ? window : TimeSpan.FromMinutes(1),
    };

    /// <summary>The gateway's rate for the route, else the sum of vLLM's rates for the served models; null when neither has a series.</summary>
    private static async Task<(double? Demand, string? Source)> ReadDemandAsync(PrometheusClient client, FrontierQueries queries, ModelRoute route, string ns, CancellationToken ct)
    {
        if (await client.QueryOptionalScalarAsync(queries.GatewayDemand(ns, route.Metadata.Name), ct).ConfigureAwait(false) is { } gateway)
            return (gateway, "gateway");
        double? demand = null;
        foreach (var model in (route.Spec.Candidates ?? []).Select(c => c.ServedModel).OfType<string>().Distinct())
        {
            if (await client.QueryOptionalScalarAsync(queries.VllmRequestRate([new("model_name", model)]), ct).ConfigureAwait(false) is { } rate)
                demand = (demand ?? 0) + rate;
        }
        return (demand, demand is null ? null : "vllm");
    }

    /// <summary>Per candidate, vLLM's requests in flight and completion rate, when both have a series.</summary>
    private static async Task<Dictionary<string, (double, double)>> ReadLiveAsync(PrometheusClient client, FrontierQueries queries, ModelRoute route, CancellationToken ct)
    {
        var live = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var candidate in route.Spec.Candidates ?? [])
        {
            if (candidate.ServedModel is not { } model || candidate.Name is not { } name) continue;
            var running = await client.QueryOptionalScalarAsync(queries.VllmRunningRequests([new("model_name", model)]), ct).ConfigureAwait(false);
            var completed = await client.QueryOptionalScalarAsync(queries.VllmRequestRate([new("model_name", model)]), ct).ConfigureAwait(false);
            if (running is { } r && completed is { } c) live[name] = (r, c);
        }
        return live;
    }

    /// <summary>
    /// Per group, the mean power per GPU (kW) of the pods its Deployments select. Pods are looked up only when DCGM
    /// reports GPUs in the namespace at all; a group none of whose pods DCGM reports is left out.
    /// </summary>
    private async Task<Dictionary<string, double>> ReadPowerAsync(PrometheusClient client, FrontierQueries queries, string ns, IReadOnlyList<PowerGroup> groups, CancellationToken ct)
    {
        var measured = new Dictionary<string, double>(StringComparer.Ordinal);
        if (groups.Count == 0 || await client.QueryOptionalScalarAsync(queries.DcgmGpusInNamespace(ns), ct).ConfigureAwait(false) is not > 0)
            return measured;
        foreach (var group in groups)
        {
            var names = new List<string>();
            foreach (var deployment in group.Deployments)
                names.AddRange(await pods.NamesAsync(ns, deployment, ct).ConfigureAwait(false));
            if (names.Count == 0) continue;
            if (await client.QueryOptionalScalarAsync(queries.DcgmPowerWattsOfPods(ns, names), ct).ConfigureAwait(false) is { } watts)
                measured[group.GpuProfile] = watts / 1000.0;
        }
        return measured;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "metrics for route {Route} unavailable ({Kind}): {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string route, PrometheusQueryErrorKind kind, string problem);
}
