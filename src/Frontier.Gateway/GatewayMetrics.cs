using System.Collections.Concurrent;
using System.Globalization;
using Prometheus;

namespace Frontier.Gateway;

/// <summary>
/// The gateway's Prometheus metrics, in their own registry (so several gateways can share a process in tests). No
/// exemplars (nothing here would read them, and recording them cost ~4% of the gateway's CPU under load); the labelled
/// children of each (route, candidate) are looked up once and kept, so a request does no label lookups.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly ConcurrentDictionary<(string Route, string Candidate), CandidateMetrics> _children = new();
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Histogram _ttft;
    private readonly Counter _tokens;
    private readonly Counter _cost;
    private readonly Gauge _inFlight;
    private readonly Counter _failures;
    private readonly Counter _ejections;
    private readonly Counter _overflow;
    private readonly Counter _poison;

    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public GatewayMetrics(CollectorRegistry registry)
    {
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        var f = Metrics.WithCustomRegistry(registry);
        f.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        var buckets = Histogram.ExponentialBuckets(0.005, 2, 16);
        _requests = f.CreateCounter("frontier_gateway_requests_total", "Requests answered, by route (namespace/name), candidate and HTTP status code.", "route", "candidate", "code");
        _duration = f.CreateHistogram("frontier_gateway_request_duration_seconds", "Time from receiving a request to the end of its response.", new HistogramConfiguration { LabelNames = ["route", "candidate"], Buckets = buckets });
        _ttft = f.CreateHistogram("frontier_gateway_time_to_first_token_seconds", "Time from receiving a request to the first response body byte from the backend.", new HistogramConfiguration { LabelNames = ["route", "candidate"], Buckets = buckets });
        _tokens = f.CreateCounter("frontier_gateway_tokens_total", "Tokens reported in responses' usage, by kind (prompt|completion).", "route", "candidate", "kind");
        _cost = f.CreateCounter("frontier_gateway_cost_usd_total", "Requests times the plan's cost per request, USD.", "route", "candidate");
        _inFlight = f.CreateGauge("frontier_gateway_in_flight", "Requests in flight.", "route", "candidate");
        _failures = f.CreateCounter("frontier_gateway_backend_failures_total", "Backend failures before any response byte (retried or answered 502), by reason (connect|5xx code).", "route", "candidate", "reason");
        _ejections = f.CreateCounter("frontier_gateway_outlier_ejections_total", "Backends ejected by outlier detection, by reason (consecutive_5xx|consecutive_connect_failures).", "route", "candidate", "reason");
        _overflow = f.CreateCounter("frontier_gateway_outlier_ejections_overflow_total", "Ejections not made because the route already had its maximum share of candidates ejected.", "route", "candidate");
        _poison = f.CreateCounter("frontier_gateway_poison_requests_total", "Requests that got a 5xx from two candidates: counted against neither backend (the request is the likely cause).", "route");
    }

    /// <summary>The registry served on /metrics.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Counts a finished request. Candidate is "none" when no candidate was chosen.</summary>
    public void Request(string route, string candidate, int code) => For(route, candidate).Request(code);

    /// <summary>Observes a request's duration.</summary>
    public void Duration(RouteEntry route, CandidateRoute candidate, TimeSpan elapsed) =>
        For(route, candidate).Duration.Observe(elapsed.TotalSeconds);

    /// <summary>Observes time to first byte.</summary>
    public void TimeToFirstToken(RouteEntry route, CandidateRoute candidate, TimeSpan elapsed) =>
        For(route, candidate).TimeToFirstToken.Observe(elapsed.TotalSeconds);

    /// <summary>Adds usage tokens.</summary>
    public void Tokens(RouteEntry route, CandidateRoute candidate, long prompt, long completion)
    {
        var m = For(route, candidate);
        if (prompt > 0) m.PromptTokens.Inc(prompt);
        if (completion > 0) m.CompletionTokens.Inc(completion);
    }

    /// <summary>Adds one request's cost.</summary>
    public void Cost(RouteEntry route, CandidateRoute candidate)
    {
        if (candidate.CostPerRequestUsd > 0) For(route, candidate).Cost.Inc(candidate.CostPerRequestUsd);
    }

    /// <summary>Counts a backend failure that the client did not see as such (not in requests_total, so demand counts client requests once).</summary>
    public void BackendFailure(RouteEntry route, CandidateRoute candidate, string reason) =>
        _failures.WithLabels(route.Route, candidate.Name, reason).Inc();

    /// <summary>Counts an ejection.</summary>
    public void Ejected(RouteEntry route, CandidateRoute candidate, BackendFailureKind reason) =>
        _ejections.WithLabels(route.Route, candidate.Name, reason == BackendFailureKind.ConnectFailure ? "consecutive_connect_failures" : "consecutive_5xx").Inc();

    /// <summary>Counts an ejection the maximum share prevented.</summary>
    public void EjectionOverflow(RouteEntry route, CandidateRoute candidate) => _overflow.WithLabels(route.Route, candidate.Name).Inc();

    /// <summary>Counts a request that failed with 5xx on two candidates.</summary>
    public void PoisonRequest(RouteEntry route) => _poison.WithLabels(route.Route).Inc();

    /// <summary>Moves the candidate's in-flight gauge by <paramref name="delta"/> (its endpoints' leases each count).</summary>
    public void InFlightChanged(RouteEntry route, CandidateRoute candidate, int delta) =>
        For(route, candidate).InFlight.Inc(delta);

    private CandidateMetrics For(RouteEntry route, CandidateRoute candidate) => For(route.Route, candidate.Name);

    private CandidateMetrics For(string route, string candidate) =>
        _children.TryGetValue((route, candidate), out var m) ? m : _children.GetOrAdd((route, candidate), k => new CandidateMetrics(this, k.Route, k.Candidate));

    /// <summary>The children of one (route, candidate); request counters by status code are kept as they appear.</summary>
    private sealed class CandidateMetrics(GatewayMetrics metrics, string route, string candidate)
    {
        private readonly ConcurrentDictionary<int, Counter.Child> _byCode = new();

        // Created on first use, so a series appears only once it has something to say (WithLabels returns the
        // same child for the same labels, so a race here is harmless).
        private Histogram.Child? _duration, _ttft;
        private Counter.Child? _prompt, _completion, _cost;
        private Gauge.Child? _inFlight;

        public Histogram.Child Duration => _duration ??= metrics._duration.WithLabels(route, candidate);

        public Histogram.Child TimeToFirstToken => _ttft ??= metrics._ttft.WithLabels(route, candidate);

        public Counter.Child PromptTokens => _prompt ??= metrics._tokens.WithLabels(route, candidate, "prompt");

        public Counter.Child CompletionTokens => _completion ??= metrics._tokens.WithLabels(route, candidate, "completion");

        public Counter.Child Cost => _cost ??= metrics._cost.WithLabels(route, candidate);

        public Gauge.Child InFlight => _inFlight ??= metrics._inFlight.WithLabels(route, candidate);

        public void Request(int code) =>
            (_byCode.TryGetValue(code, out var c) ? c : _byCode.GetOrAdd(code, k => metrics._requests.WithLabels(route, candidate, k.ToString(CultureInfo.InvariantCulture)))).Inc();
    }
}
