using Frontier.Api.Schema;
using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Operator.Reconcilers;
using Frontier.Prometheus;
using Microsoft.Extensions.Logging;

namespace Frontier.Operator.Demand;

/// <summary>
/// Reads a route's demand from Prometheus: the gateway's request rate for the route, or, when the gateway
/// has no series for it, vLLM's successful-request rate for the candidates' served models; and the mean
/// DCGM power per GPU of the candidates' pods. Any Prometheus failure becomes
/// <see cref="RouteMetrics.Unavailable"/> with the reason, never an exception.
/// </summary>
internal sealed partial class PrometheusRouteMetricsReader(
    Func<Uri, PrometheusClient> clientFor,
    OperatorOptions options,
    ILogger<PrometheusRouteMetricsReader> logger) : IRouteMetricsReader
{
    /// <summary>The metric names used where a route's spec.metrics does not name its own.</summary>
    private static readonly FrontierQueries Defaults = new();

    public async Task<RouteMetrics> ReadAsync(ModelRoute route, CancellationToken ct)
    {
        var spec = route.Spec.Metrics;
        var url = spec?.PrometheusUrl ?? options.PrometheusUrl;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
            return RouteMetrics.Unavailable("no Prometheus configured: set spec.metrics.prometheusUrl or the operator's Frontier:PrometheusUrl");

        var ns = ResourceNames.NamespaceOf(route);
        var routeLabel = $"{ns}/{route.Metadata.Name}";
        try
        {
            var queries = new FrontierQueries
            {
                GatewayRequestsTotal = spec?.GatewayRequestsMetric ?? Defaults.GatewayRequestsTotal,
                VllmRequestSuccessTotal = spec?.VllmRequestSuccessMetric ?? Defaults.VllmRequestSuccessTotal,
                DcgmPowerUsage = spec?.DcgmPowerMetric ?? Defaults.DcgmPowerUsage,
                RateWindow = Durations.TryParse(spec?.RateWindow, out var window) ? window : TimeSpan.FromMinutes(1),
            };
            var client = clientFor(baseUrl);
            var demand = await client.QueryOptionalScalarAsync(queries.GatewayDemand(ns, route.Metadata.Name), ct).ConfigureAwait(false);
            var source = "gateway";
            if (demand is null)
            {
                source = "vllm";
                foreach (var model in (route.Spec.Candidates ?? []).Select(c => c.ServedModel).OfType<string>().Distinct())
                {
                    var rate = await client.QueryOptionalScalarAsync(queries.VllmRequestRate([new("model_name", model)]), ct).ConfigureAwait(false);
                    if (rate is { } r) demand = (demand ?? 0) + r;
                }
            }
            var pods = (route.Spec.Candidates ?? []).Select(c => c.Deployment).OfType<string>().Distinct().Select(d => System.Text.RegularExpressions.Regex.Escape(d)).ToList();
            double? watts = pods.Count == 0 ? null : await client.QueryOptionalScalarAsync(
                $"avg({queries.DcgmPowerUsage}{{namespace=\"{PromQl.EscapeLabelValue(ns)}\",pod=~\"{PromQl.EscapeLabelValue($"({string.Join("|", pods)})-.*")}\"}})", ct).ConfigureAwait(false);
            var live = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
            foreach (var candidate in route.Spec.Candidates ?? [])
            {
                if (candidate.ServedModel is not { } model || candidate.Name is not { } name) continue;
                var running = await client.QueryOptionalScalarAsync(queries.VllmRunningRequests([new("model_name", model)]), ct).ConfigureAwait(false);
                var completed = await client.QueryOptionalScalarAsync(queries.VllmRequestRate([new("model_name", model)]), ct).ConfigureAwait(false);
                if (running is { } r && completed is { } c) live[name] = (r, c);
            }
            return new RouteMetrics(true, null, demand, demand is null ? null : source, watts / 1000.0) { Live = live };
        }
        catch (PrometheusQueryException e)
        {
            LogUnavailable(logger, routeLabel, e.Message);
            return RouteMetrics.Unavailable(e.Message);
        }
        catch (ArgumentException e)
        {
            return RouteMetrics.Unavailable($"spec.metrics: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "metrics for route {Route} unavailable: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string route, string problem);
}
