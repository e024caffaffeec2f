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

    public static readonly Gauge IsLeader = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_leader", "1 while this replica holds the leader lease.");

    /// <summary>Removes every per-route series: a replica that stops leading must not go on exporting the plans it last
    /// computed (the new leader exports the current ones).</summary>
    public static void ForgetAllRoutes()
    {
        foreach (var gauge in new[] { PlanHourlyCost, PlanExpectedQuality })
        {
            foreach (var labels in gauge.GetAllLabelValues().ToList())
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }
}
