using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Gateway;

/// <summary>
/// Envoy-style outlier detection per endpoint (route, candidate, address: a discovered Pod, or the candidate's fixed
/// address). A success (any answer below 500; 4xx is the client's
/// doing) ends the failure streaks; the <see cref="OutlierDetectionOptions.Consecutive5xx"/>-th 5xx or
/// <see cref="OutlierDetectionOptions.ConsecutiveConnectFailures"/>-th connection failure in a row ejects the backend
/// for base × n (n = times ejected, less one for each base time it has since stayed in; capped at the maximum),
/// unless that would eject more of the route's endpoints than <see cref="OutlierDetectionOptions.MaxEjected"/>.
/// Ejected endpoints are skipped by <see cref="CandidatePicker"/> while others have room, and come back when the
/// time is up. Which failures to report is the caller's decision (see <see cref="RetryPolicy"/>).
/// </summary>
public sealed class OutlierDetector(CandidateStates states, OutlierDetectionOptions options, TimeProvider time, GatewayMetrics? metrics = null, ILogger<OutlierDetector>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<OutlierDetector>.Instance;

    /// <summary>The settings.</summary>
    public OutlierDetectionOptions Options => options;

    /// <summary>The lease's backend answered below 500.</summary>
    public static void ReportSuccess(InFlightLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lease.State.Succeeded();
    }

    /// <summary>Counts a failure of the lease's backend; the ejection it caused, if any.</summary>
    public Ejection? ReportFailure(InFlightLease lease, BackendFailureKind kind)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var streak = lease.State.Failed(kind);
        var threshold = kind == BackendFailureKind.ConnectFailure ? options.ConsecutiveConnectFailures : options.Consecutive5xx;
        // The one line an expected backend failure gets (YARP's own report, with its exception, is filtered out).
        if (_logger.IsEnabled(LogLevel.Warning))
            _logger.LogWarning("{Route}: candidate {Candidate} at {Address}: {Failure} ({Streak} of {Threshold} in a row eject it)",
                lease.Route.Route, lease.Candidate.Name, lease.Endpoint.Address,
                kind == BackendFailureKind.ConnectFailure ? "connection failed" : "answered 5xx", streak, threshold);
        return streak < threshold ? null : TryEject(lease.Route, lease.Candidate, lease.State, kind);
    }

    private Ejection? TryEject(RouteEntry route, CandidateRoute candidate, CandidateState state, BackendFailureKind kind)
    {
        var backends = states.Backends(route);
        Ejection ejection;
        lock (backends)
        {
            var now = time.GetUtcNow();
            if (state.IsEjected(now)) return null; // a request that started before the ejection
            var total = 0;
            var ejected = 0;
            foreach (var s in backends.Endpoints())
            {
                total++;
                if (s.IsEjected(now)) ejected++;
            }
            if (ejected >= options.MaxEjected(total))
            {
                metrics?.EjectionOverflow(route, candidate);
                return null;
            }
            var count = Forgiven(state, now) + 1;
            var duration = TimeSpan.FromTicks(Math.Min(options.BaseEjectionTime.Ticks * count, options.MaxEjectionTime.Ticks));
            state.Eject(now + duration, count);
            ejection = new Ejection(route.Route, candidate.Name, state.Endpoint.Address, kind, duration, count);
        }
        metrics?.Ejected(route, candidate, kind);
        if (_logger.IsEnabled(LogLevel.Warning))
            _logger.LogWarning("{Route}: candidate {Candidate} at {Address} ejected for {Duration} after {Streak} {Failure} in a row (ejection {Count})",
                ejection.Route, ejection.Candidate, ejection.Address, ejection.Duration,
                kind == BackendFailureKind.ConnectFailure ? options.ConsecutiveConnectFailures : options.Consecutive5xx,
                kind == BackendFailureKind.ConnectFailure ? "connection failures" : "5xx answers", ejection.Count);
        return ejection;
    }

    /// <summary>Past ejections still held against the backend: one is forgiven per base time since the last ended.</summary>
    private int Forgiven(CandidateState state, DateTimeOffset now)
    {
        if (state.Ejections == 0) return 0;
        var healthy = now - state.EjectedUntil;
        var forgiven = healthy <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, healthy.Ticks / options.BaseEjectionTime.Ticks);
        return Math.Max(0, state.Ejections - forgiven);
    }
}
