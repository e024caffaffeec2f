using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Where a route's metrics live and what they are called; every field has a default.</summary>
public sealed class MetricsSpec
{
    /// <summary>Prometheus base URL for this route; defaults to the operator's.</summary>
    [Pattern(SchemaPatterns.HttpUrl)]
    public string? PrometheusUrl { get; set; }

    /// <summary>The gateway's request counter, labelled route="namespace/name". Default frontier_gateway_requests_total.</summary>
    [Pattern(SchemaPatterns.MetricName)]
    public string? GatewayRequestsMetric { get; set; }

    /// <summary>vLLM's successful-request counter, labelled model_name. Default vllm:request_success_total.</summary>
    [Pattern(SchemaPatterns.MetricName)]
    public string? VllmRequestSuccessMetric { get; set; }

    /// <summary>DCGM's per-GPU power gauge in watts, labelled namespace and pod. Default DCGM_FI_DEV_POWER_USAGE.</summary>
    [Pattern(SchemaPatterns.MetricName)]
    public string? DcgmPowerMetric { get; set; }

    /// <summary>Window of the rate() over counters, e.g. 1m (the default) or 30s.</summary>
    [Pattern(SchemaPatterns.Duration)]
    public string? RateWindow { get; set; }
}
