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

    public static readonly Gauge RouteDemand = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_route_demand_requests_per_second", "The demand the route's plan serves (measured, or the configured floor), requests per second.", "route");

    public static readonly Gauge RouteCapacity = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_route_capacity_requests_per_second",
        "Requests per second the planned replicas serve at their operating points (the plan computed at the last evaluation).", "route");

    public static readonly Gauge RouteBudget = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_route_budget_usd_per_hour", "spec.budget.maxHourlyCost of the route (absent without a budget).", "route");

    public static readonly Gauge RouteTtftSlo = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_route_slo_ttft_seconds", "spec.slo.maxTtftSeconds of the route (absent without one).", "route");

    public static readonly Gauge RouteCondition = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_route_condition", "1 while the route's condition of this type is True, else 0.", "route", "type");

    public static readonly Gauge CandidateReplicas = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_plan_candidate_replicas", "Replicas the route's current plan runs for a candidate.", "route", "candidate");

    public static readonly Gauge CandidateWeight = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_plan_candidate_weight", "Share of the route's traffic the current plan gives a candidate, in [0, 1].", "route", "candidate");

    public static readonly Gauge CandidateMaxInFlight = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_plan_candidate_max_in_flight", "In-flight cap of a candidate in the current plan (replicas × concurrency per replica).", "route", "candidate");

    public static readonly Gauge IsLeader = global::Prometheus.Metrics.CreateGauge(
        "frontier_operator_leader", "1 while this replica holds the leader lease.");

    /// <summary>Every gauge with one series per route (label "route" = "namespace/name").</summary>
    /// <remarks>The route is the first label of each; some have a second (condition type, candidate).</remarks>
    private static readonly Gauge[] PerRoute =
    [
        PlanHourlyCost, PlanExpectedQuality, RouteLastEvaluated, RouteDemand, RouteCapacity, RouteBudget, RouteTtftSlo,
        RouteCondition, CandidateReplicas, CandidateWeight, CandidateMaxInFlight,
    ];

    /// <summary>Removes route <paramref name="route"/>'s series ("namespace/name"), e.g. when the route is deleted.</summary>
    public static void ForgetRoute(string route)
    {
        foreach (var gauge in PerRoute) ForgetWhere(gauge, labels => labels[0] == route);
    }

    /// <summary>Removes the per-candidate series of <paramref name="route"/> for candidates not in <paramref name="keep"/>.</summary>
    public static void ForgetCandidatesExcept(string route, IReadOnlySet<string> keep)
    {
        foreach (var gauge in new[] { CandidateReplicas, CandidateWeight, CandidateMaxInFlight })
            ForgetWhere(gauge, labels => labels[0] == route && !keep.Contains(labels[1]));
    }

    private static void ForgetWhere(Gauge gauge, Func<string[], bool> match)
    {
        foreach (var labels in gauge.GetAllLabelValues().Where(match).ToList()) gauge.RemoveLabelled(labels);
    }

    /// <summary>Removes every route's series, e.g. when this replica stops leading and another reports them.</summary>
    public static void ForgetAllRoutes()
    {
        foreach (var gauge in PerRoute) ForgetWhere(gauge, _ => true);
    }
}
