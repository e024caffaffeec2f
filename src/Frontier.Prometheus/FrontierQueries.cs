namespace Frontier.Prometheus;

/// <summary>
/// The PromQL the operator runs, with configurable metric names (defaults match Frontier's gateway, vLLM and NVIDIA DCGM exporter).
/// Every method escapes its inputs; run the result with <see cref="PrometheusClient.QueryOptionalScalarAsync"/> when "no data yet" is a normal state.
/// </summary>
public sealed class FrontierQueries
{
    private readonly string gatewayRequestsTotal = "frontier_gateway_requests_total";
    private readonly string routeLabel = "route";
    private readonly string vllmRequestSuccessTotal = "vllm:request_success_total";
    private readonly string vllmRequestsRunning = "vllm:num_requests_running";
    private readonly string dcgmPowerUsage = "DCGM_FI_DEV_POWER_USAGE";
    private readonly TimeSpan rateWindow = TimeSpan.FromMinutes(1);

    /// <summary>The gateway's request counter. Default <c>frontier_gateway_requests_total</c>.</summary>
    /// <exception cref="ArgumentException">Not a valid metric name.</exception>
    public string GatewayRequestsTotal { get => gatewayRequestsTotal; init => gatewayRequestsTotal = PromQl.ValidateMetricName(value, nameof(GatewayRequestsTotal)); }

    /// <summary>The gateway counter's label holding <c>namespace/name</c> of the route. Default <c>route</c>.</summary>
    /// <exception cref="ArgumentException">Not a valid label name.</exception>
    public string RouteLabel { get => routeLabel; init => routeLabel = PromQl.ValidateLabelName(value, nameof(RouteLabel)); }

    /// <summary>vLLM's finished-request counter. Default <c>vllm:request_success_total</c>.</summary>
    /// <exception cref="ArgumentException">Not a valid metric name.</exception>
    public string VllmRequestSuccessTotal { get => vllmRequestSuccessTotal; init => vllmRequestSuccessTotal = PromQl.ValidateMetricName(value, nameof(VllmRequestSuccessTotal)); }

    /// <summary>vLLM's gauge of requests being processed. Default <c>vllm:num_requests_running</c>.</summary>
    /// <exception cref="ArgumentException">Not a valid metric name.</exception>
    public string VllmRequestsRunning { get => vllmRequestsRunning; init => vllmRequestsRunning = PromQl.ValidateMetricName(value, nameof(VllmRequestsRunning)); }

    /// <summary>DCGM's per-GPU power draw gauge, in watts. Default <c>DCGM_FI_DEV_POWER_USAGE</c>.</summary>
    /// <exception cref="ArgumentException">Not a valid metric name.</exception>
    public string DcgmPowerUsage { get => dcgmPowerUsage; init => dcgmPowerUsage = PromQl.ValidateMetricName(value, nameof(DcgmPowerUsage)); }

    /// <summary>
    /// The range of the <c>rate()</c> queries. Default 1 minute. It must span several scrape intervals; note that
    /// rate() under-reads until the window is filled with data (the first minute after a series appears).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive or not whole milliseconds.</exception>
    public TimeSpan RateWindow
    {
        get => rateWindow;
        init
        {
            _ = PromQl.Duration(value);
            rateWindow = value;
        }
    }

    /// <summary>Gateway demand for a route in requests per second: <c>sum(rate(frontier_gateway_requests_total{route="ns/name"}[1m]))</c>.</summary>
    /// <param name="routeNamespace">The route's namespace.</param>
    /// <param name="routeName">The route's name.</param>
    /// <returns>The PromQL.</returns>
    /// <exception cref="ArgumentException">The namespace or name is blank or contains '/'.</exception>
    public string GatewayDemand(string routeNamespace, string routeName)
    {
        CheckNamePart(routeNamespace, nameof(routeNamespace));
        CheckNamePart(routeName, nameof(routeName));
        return PromQl.Sum(PromQl.Rate(PromQl.Selector(GatewayRequestsTotal, (RouteLabel, $"{routeNamespace}/{routeName}")), RateWindow));
    }

    /// <summary>vLLM's own completed-request rate, the fallback demand signal: <c>sum(rate(vllm:request_success_total{selector}[1m]))</c>.</summary>
    /// <param name="selector">Labels identifying the model's pods (for example <c>namespace</c> and <c>model_name</c>).</param>
    /// <returns>The PromQL.</returns>
    /// <exception cref="ArgumentException">A label name is invalid or repeated.</exception>
    public string VllmRequestRate(IEnumerable<KeyValuePair<string, string>> selector) =>
        PromQl.Sum(PromQl.Rate(PromQl.Selector(VllmRequestSuccessTotal, selector), RateWindow));

    /// <summary>Live concurrency, requests being processed right now: <c>sum(vllm:num_requests_running{selector})</c>.</summary>
    /// <param name="selector">Labels identifying the model's pods.</param>
    /// <returns>The PromQL.</returns>
    /// <exception cref="ArgumentException">A label name is invalid or repeated.</exception>
    public string VllmRunningRequests(IEnumerable<KeyValuePair<string, string>> selector) =>
        PromQl.Sum(PromQl.Selector(VllmRequestsRunning, selector));

    /// <summary>Average GPU power draw in watts: <c>avg(DCGM_FI_DEV_POWER_USAGE{selector})</c>.</summary>
    /// <param name="selector">Labels identifying the GPUs (for example <c>namespace</c> and <c>pod</c>, or <c>Hostname</c> and <c>gpu</c>).</param>
    /// <returns>The PromQL.</returns>
    /// <exception cref="ArgumentException">A label name is invalid or repeated.</exception>
    public string DcgmPowerWatts(IEnumerable<KeyValuePair<string, string>> selector) =>
        PromQl.Avg(PromQl.Selector(DcgmPowerUsage, selector));

    /// <summary>
    /// Whether DCGM reports any GPU of a namespace's pods: <c>count(DCGM_FI_DEV_POWER_USAGE{namespace="ns"})</c>
    /// (no series when none), so callers look up pods only where there is power to read.
    /// </summary>
    /// <param name="podNamespace">The pods' namespace (dcgm-exporter's <c>namespace</c> label).</param>
    /// <returns>The PromQL.</returns>
    /// <exception cref="ArgumentException">The namespace is blank or contains '/'.</exception>
    public string DcgmGpusInNamespace(string podNamespace)
    {
        CheckNamePart(podNamespace, nameof(podNamespace));
        return $"count({PromQl.Selector(DcgmPowerUsage, ("namespace", podNamespace))})";
    }

    /// <summary>
    /// Mean power draw in watts over the GPUs of exactly these pods:
    /// <c>avg(DCGM_FI_DEV_POWER_USAGE{namespace="ns",pod=~"p1|p2"})</c>, the names matched whole (no prefix, no pattern).
    /// </summary>
    /// <param name="podNamespace">The pods' namespace (dcgm-exporter's <c>namespace</c> label).</param>
    /// <param name="pods">The pods' names (dcgm-exporter's <c>pod</c> label), at least one.</param>
    /// <returns>The PromQL.</returns>
    /// <exception cref="ArgumentException">The namespace is blank or contains '/', or no pod is given.</exception>
    public string DcgmPowerWattsOfPods(string podNamespace, IEnumerable<string> pods)
    {
        CheckNamePart(podNamespace, nameof(podNamespace));
        return PromQl.Avg(PromQl.SelectorMatchingAny(DcgmPowerUsage, [KeyValuePair.Create("namespace", podNamespace)], "pod", pods));
    }

    private static void CheckNamePart(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Contains('/'))
        {
            throw new ArgumentException($"'{value}' must be a Kubernetes namespace or name, without '/'.", paramName);
        }
    }
}
