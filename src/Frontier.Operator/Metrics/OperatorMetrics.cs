using global::Prometheus;

namespace Frontier.Operator.Metrics;

/// <summary>The operator's own metrics on /metrics (prometheus-net).</summary>
internal static class OperatorMetrics
{
    public static readonly Counter Reconciles = global::Prometheus.Metrics.CreateCounter(
        "frontier_operator_reconciles_total", "Reconciles run, by kind and result.", "kind", "result");

    public static readonly Histogram ReconcileDuration = global::Prometheus.Metrics.CreateHistogram(
        "frontier_operator_reconcile_duration_seconds", "Time spent in one reconcile, by kind.",
        new HistogramConfiguration { LabelNames = ["kind"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    public static readonly Gauge PlanHourlyCost = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_plan_hourly_cost_usd", "USD per hour of the route's current plan.", "route");

    public static readonly Gauge PlanExpectedQuality = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_plan_expected_quality", "Traffic-weighted quality of the route's current plan.", "route");

    public static readonly Gauge RouteLastEvaluated = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_route_last_evaluated_timestamp_seconds",
        "Unix time the route was last evaluated (validated, demand read, planned), whether or not its status changed.", "route");

    public static readonly Gauge IsLeader = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_leader", "1 while this replica holds the leader lease.");

    /// <summary>Every gauge with one series per route (label "route" = "namespace/name").</summary>
    private static readonly Gauge[] PerRoute = [PlanHourlyCost, PlanExpectedQuality, RouteLastEvaluated];

    /// <summary>Removes route <paramref name="route"/>'s series ("namespace/name"), e.g. when the route is deleted.</summary>
    public static void ForgetRoute(string route)
    {
        foreach (var gauge in PerRoute) gauge.RemoveLabelled(route);
    }

    /// <summary>Removes every route's series, e.g. when this replica stops leading and another reports them.</summary>
    public static void ForgetAllRoutes()
    {
        foreach (var gauge in PerRoute)
        {
            foreach (var labels in gauge.GetAllLabelValues().ToList()) gauge.RemoveLabelled(labels);
        }
    }
}
