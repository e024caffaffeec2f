using System.Globalization;

namespace Frontier.Gateway;

/// <summary>
/// Which attempts are retried, and what each tells the <see cref="OutlierDetector"/>. A request is retried once, on
/// another endpoint (of the same candidate when it has one with room, else of another candidate), after a connection
/// failure or a 5xx before any response byte. A connection failure is counted
/// against its backend at once. A discarded 5xx is held until the retry shows whose fault it was: if the other
/// endpoint answers below 500 the first backend is to blame and the 5xx counts; if the other endpoint fails with 5xx
/// too, the request is the likely cause (a poison request: input a model server crashes on) and neither 5xx counts,
/// so no client can eject backends by repeating one bad request. A 5xx with no retry possible (one candidate, or none
/// with room) counts. A client that goes away counts for nothing.
/// </summary>
public sealed class RetryPolicy(OutlierDetector detector, GatewayMetrics metrics)
{
    /// <summary>Whether attempt number <paramref name="attempt"/> (0 first) on <paramref name="lease"/> may be followed by another:
    /// the first may, when there is another endpoint (of its candidate, or another candidate).</summary>
    public static bool MayRetry(InFlightLease lease, int attempt)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return attempt == 0 && (lease.Route.Candidates.Length > 1 || lease.Siblings > 1);
    }

    /// <summary>
    /// Reports what the attempt on <paramref name="lease"/> says about its backend and decides the next step.
    /// <paramref name="unconfirmed"/> holds the lease of an earlier attempt whose 5xx waits for this one's verdict.
    /// </summary>
    internal RetryStep After(InFlightLease lease, in AttemptResult result, int attempt, ref InFlightLease? unconfirmed)
    {
        ArgumentNullException.ThrowIfNull(lease);
        switch (result.Outcome)
        {
            case AttemptOutcome.Answered when result.Status < 500:
                OutlierDetector.ReportSuccess(lease);
                Confirm(ref unconfirmed);
                return RetryStep.Done;
            case AttemptOutcome.Answered or AttemptOutcome.BackendBroke:
                if (unconfirmed is not null)
                {
                    metrics.PoisonRequest(lease.Route);
                    unconfirmed = null;
                }
                else
                {
                    detector.ReportFailure(lease, BackendFailureKind.ServerError);
                }
                return RetryStep.Done;
            case AttemptOutcome.Discarded5xx:
                metrics.BackendFailure(lease.Route, lease.Candidate, result.Status.ToString(CultureInfo.InvariantCulture));
                unconfirmed = lease;
                return RetryStep.Retry;
            case AttemptOutcome.ConnectFailure:
                metrics.BackendFailure(lease.Route, lease.Candidate, "connect");
                detector.ReportFailure(lease, BackendFailureKind.ConnectFailure);
                Confirm(ref unconfirmed);
                return MayRetry(lease, attempt) ? RetryStep.Retry : RetryStep.Done;
            default:
                unconfirmed = null;
                return RetryStep.Done;
        }
    }

    /// <summary>No candidate was free for the retry: a held 5xx counts against its backend.</summary>
    internal void NoRetry(ref InFlightLease? unconfirmed) => Confirm(ref unconfirmed);

    private void Confirm(ref InFlightLease? unconfirmed)
    {
        if (unconfirmed is null) return;
        detector.ReportFailure(unconfirmed, BackendFailureKind.ServerError);
        unconfirmed = null;
    }
}
