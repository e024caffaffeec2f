using Prometheus;

namespace Frontier.Gateway;

/// <summary>The gateway's Prometheus metrics, in their own registry (so several gateways can share a process in tests).</summary>
public sealed class GatewayMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Histogram _ttft;
    private readonly Counter _tokens;
    private readonly Counter _cost;
    private readonly Gauge _inFlight;
    private readonly Counter _failures;

    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public GatewayMetrics(CollectorRegistry registry)
    {
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        var f = Metrics.WithCustomRegistry(registry);
        var buckets = Histogram.ExponentialBuckets(0.005, 2, 16);
        _requests = f.CreateCounter("frontier_gateway_requests_total", "Requests answered, by route (namespace/name), candidate and HTTP status code.", "route", "candidate", "code");
        _duration = f.CreateHistogram("frontier_gateway_request_duration_seconds", "Time from receiving a request to the end of its response.", new HistogramConfiguration { LabelNames = ["route", "candidate"], Buckets = buckets });
        _ttft = f.CreateHistogram("frontier_gateway_time_to_first_token_seconds", "Time from receiving a request to the first response body byte from the backend.", new HistogramConfiguration { LabelNames = ["route", "candidate"], Buckets = buckets });
        _tokens = f.CreateCounter("frontier_gateway_tokens_total", "Tokens reported in responses' usage, by kind (prompt|completion).", "route", "candidate", "kind");
        _cost = f.CreateCounter("frontier_gateway_cost_usd_total", "Requests times the plan's cost per request, USD.", "route", "candidate");
        _inFlight = f.CreateGauge("frontier_gateway_in_flight", "Requests in flight.", "route", "candidate");
        _failures = f.CreateCounter("frontier_gateway_backend_failures_total", "Backend failures before any response byte (retried or answered 502), by reason (connect|5xx code).", "route", "candidate", "reason");
    }

    /// <summary>The registry served on /metrics.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Counts a finished request. Candidate is "none" when no candidate was chosen.</summary>
    public void Request(string route, string candidate, int code) =>
        _requests.WithLabels(route, candidate, code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    /// <summary>Observes a request's duration.</summary>
    public void Duration(RouteEntry route, CandidateRoute candidate, TimeSpan elapsed) =>
        _duration.WithLabels(route.Route, candidate.Name).Observe(elapsed.TotalSeconds);

    /// <summary>Observes time to first byte.</summary>
    public void TimeToFirstToken(RouteEntry route, CandidateRoute candidate, TimeSpan elapsed) =>
        _ttft.WithLabels(route.Route, candidate.Name).Observe(elapsed.TotalSeconds);

    /// <summary>Adds usage tokens.</summary>
    public void Tokens(RouteEntry route, CandidateRoute candidate, long prompt, long completion)
    {
        if (prompt > 0) _tokens.WithLabels(route.Route, candidate.Name, "prompt").Inc(prompt);
        if (completion > 0) _tokens.WithLabels(route.Route, candidate.Name, "completion").Inc(completion);
    }

    /// <summary>Adds one request's cost.</summary>
    public void Cost(RouteEntry route, CandidateRoute candidate)
    {
        if (candidate.CostPerRequestUsd > 0) _cost.WithLabels(route.Route, candidate.Name).Inc(candidate.CostPerRequestUsd);
    }

    /// <summary>Counts a backend failure that the client did not see as such (not in requests_total, so demand counts client requests once).</summary>
    public void BackendFailure(RouteEntry route, CandidateRoute candidate, string reason) =>
        _failures.WithLabels(route.Route, candidate.Name, reason).Inc();

    /// <summary>Sets the in-flight gauge.</summary>
    public void SetInFlight(RouteEntry route, CandidateRoute candidate, int value) =>
        _inFlight.WithLabels(route.Route, candidate.Name).Set(value);
}
