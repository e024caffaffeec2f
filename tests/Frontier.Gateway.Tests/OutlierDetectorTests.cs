using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Frontier.Gateway.Tests;

/// <summary>Outlier detection on the injected clock: streaks, ejection times, forgiveness, the maximum share, and
/// what the retry policy counts (a poison request ejects nothing).</summary>
public sealed class OutlierDetectorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CandidateStates _states = new();
    private readonly GatewayMetrics _metrics = new(Metrics.NewCustomRegistry());

    private static RouteEntry Route(params (string Name, double Weight)[] cs) =>
        new("ns/r", "alias", true, [.. cs.Select(c => new CandidateRoute(c.Name, "http://" + c.Name, c.Name, c.Weight, null, 0))]);

    /// <summary>The states of the route's candidates (each has one fixed address), index for index.</summary>
    private CandidateState[] StatesOf(RouteEntry route) => [.. route.Candidates.Select(c => _states.Of(route, c))];

    private Admission Admission() => new(new CandidatePicker(new Random(7)), _states, _time, new GatewayOptions());

    private OutlierDetector Detector(OutlierDetectionOptions? options = null) => new(_states, options ?? new OutlierDetectionOptions(), _time, _metrics);

    /// <summary>A lease on the named candidate (the others excluded).</summary>
    private InFlightLease Lease(RouteEntry route, string name)
    {
        var lease = Admission().TryAcquire(route, c => c.Name != name)!;
        lease.Dispose(); // the slot is not the point here; the lease still names its backend
        return lease;
    }

    private string Picked(RouteEntry route)
    {
        using var lease = Admission().TryAcquire(route)!;
        return lease.Candidate.Name;
    }

    [Fact]
    public void The_fifth_5xx_in_a_row_ejects_for_the_base_time_then_the_candidate_is_back()
    {
        var detector = Detector();
        var route = Route(("a", 1), ("b", 0)); // "a" is always drawn unless ejected
        for (var i = 1; i <= 4; i++) Assert.Null(detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError));
        Assert.Equal("a", Picked(route));
        var ejection = detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError);
        Assert.Equal(new Ejection("ns/r", "a", "http://a", BackendFailureKind.ServerError, TimeSpan.FromSeconds(30), 1), ejection);
        Assert.Equal("b", Picked(route));
        _time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Equal("b", Picked(route));
        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal("a", Picked(route));
    }

    [Fact]
    public void The_third_connection_failure_in_a_row_ejects()
    {
        var detector = Detector();
        var route = Route(("a", 1), ("b", 1));
        Assert.Null(detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ConnectFailure));
        Assert.Null(detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ConnectFailure));
        Assert.Equal(BackendFailureKind.ConnectFailure, detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ConnectFailure)?.Reason);
    }

    [Fact]
    public void A_success_ends_the_streak()
    {
        var detector = Detector();
        var route = Route(("a", 1), ("b", 1));
        for (var i = 0; i < 4; i++) detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError);
        OutlierDetector.ReportSuccess(Lease(route, "a"));
        for (var i = 0; i < 4; i++) Assert.Null(detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError));
        Assert.Equal(4, StatesOf(route)[0].Consecutive5xx);
    }

    [Fact]
    public void Each_ejection_lasts_longer_up_to_the_cap_and_a_healthy_spell_forgives_them()
    {
        var detector = Detector(new OutlierDetectionOptions { Consecutive5xx = 1, BaseEjectionTime = TimeSpan.FromSeconds(30), MaxEjectionTime = TimeSpan.FromSeconds(100) });
        var route = Route(("a", 1), ("b", 1));
        var durations = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var ejection = detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError)!;
            durations.Add(ejection.Duration.TotalSeconds);
            _time.Advance(ejection.Duration); // fails again the moment it is back
        }
        Assert.Equal([30, 60, 90, 100, 100], durations);

        // Two base times in service forgive two of the five ejections: the next is the fourth, capped at 100 s.
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(4, detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError)!.Count);
        _time.Advance(TimeSpan.FromSeconds(100));
        // Long enough in service: all forgiven, a first ejection again.
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromSeconds(30), detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError)!.Duration);
    }

    [Theory]
    [InlineData(1, 50, 0)]
    [InlineData(2, 50, 1)]
    [InlineData(3, 50, 1)]
    [InlineData(4, 50, 2)]
    [InlineData(4, 100, 4)]
    [InlineData(4, 10, 1)]
    [InlineData(4, 0, 0)]
    public void Never_more_than_the_maximum_share_is_ejected(int candidates, int percent, int expected)
    {
        var detector = Detector(new OutlierDetectionOptions { Consecutive5xx = 1, MaxEjectionPercent = percent });
        var route = Route([.. Enumerable.Range(0, candidates).Select(i => ("c" + i, 1.0))]);
        var ejected = Enumerable.Range(0, candidates).Count(i => detector.ReportFailure(Lease(route, "c" + i), BackendFailureKind.ServerError) is not null);
        Assert.Equal(expected, ejected);
        Assert.Equal(expected, StatesOf(route).Count(s => s.IsEjected(_time.GetUtcNow())));
        // Once one is back, another may go.
        if (expected is > 0 && expected < candidates)
        {
            _time.Advance(TimeSpan.FromSeconds(31));
            Assert.NotNull(detector.ReportFailure(Lease(route, "c" + (candidates - 1)), BackendFailureKind.ServerError));
        }
    }

    [Fact]
    public void A_5xx_that_the_retry_candidate_repeats_counts_against_neither_backend()
    {
        var detector = Detector();
        var policy = new RetryPolicy(detector, _metrics);
        var route = Route(("a", 1), ("b", 1));
        for (var i = 0; i < 20; i++)
        {
            InFlightLease? held = null;
            Assert.Equal(RetryStep.Retry, policy.After(Lease(route, "a"), Result(AttemptOutcome.Discarded5xx, 500), 0, ref held));
            Assert.NotNull(held);
            Assert.Equal(RetryStep.Done, policy.After(Lease(route, "b"), Result(AttemptOutcome.Answered, 500), 1, ref held));
            Assert.Null(held);
        }
        Assert.All(StatesOf(route), s => Assert.Equal(0, s.Consecutive5xx));
        Assert.All(StatesOf(route), s => Assert.False(s.IsEjected(_time.GetUtcNow())));
    }

    [Fact]
    public void A_5xx_that_another_candidate_answers_counts_against_the_first()
    {
        var detector = Detector();
        var policy = new RetryPolicy(detector, _metrics);
        var route = Route(("a", 1), ("b", 1));
        for (var i = 1; i <= 5; i++)
        {
            InFlightLease? held = null;
            policy.After(Lease(route, "a"), Result(AttemptOutcome.Discarded5xx, 503), 0, ref held);
            policy.After(Lease(route, "b"), Result(AttemptOutcome.Answered, 200), 1, ref held);
        }
        Assert.True(StatesOf(route)[0].IsEjected(_time.GetUtcNow()));
        Assert.False(StatesOf(route)[1].IsEjected(_time.GetUtcNow()));
    }

    [Theory]
    [InlineData(AttemptOutcome.Answered, 404, 0)]
    [InlineData(AttemptOutcome.Answered, 400, 0)]
    [InlineData(AttemptOutcome.Answered, 500, 4)]
    [InlineData(AttemptOutcome.BackendBroke, 200, 4)]
    [InlineData(AttemptOutcome.ClientGone, 200, 3)]
    public void Without_a_retry_4xx_is_a_success_5xx_counts_and_a_client_gone_says_nothing(AttemptOutcome outcome, int status, int streakAfter)
    {
        var detector = Detector();
        var policy = new RetryPolicy(detector, _metrics);
        var route = Route(("a", 1), ("b", 1));
        for (var i = 0; i < 3; i++) detector.ReportFailure(Lease(route, "a"), BackendFailureKind.ServerError);
        InFlightLease? held = null;
        Assert.Equal(RetryStep.Done, policy.After(Lease(route, "a"), Result(outcome, status), 1, ref held));
        Assert.Equal(streakAfter, StatesOf(route)[0].Consecutive5xx);
    }

    [Fact]
    public void A_held_5xx_counts_when_no_candidate_is_free_for_the_retry()
    {
        var policy = new RetryPolicy(Detector(), _metrics);
        var route = Route(("a", 1), ("b", 1));
        InFlightLease? held = null;
        policy.After(Lease(route, "a"), Result(AttemptOutcome.Discarded5xx, 500), 0, ref held);
        policy.NoRetry(ref held);
        Assert.Null(held);
        Assert.Equal(1, StatesOf(route)[0].Consecutive5xx);
    }

    [Fact]
    public void Settings_that_cannot_work_are_named()
    {
        Assert.Empty(new OutlierDetectionOptions().Problems());
        var problems = new OutlierDetectionOptions
        {
            Consecutive5xx = 0, ConsecutiveConnectFailures = -1, MaxEjectionPercent = 101, MaxEjectionTime = TimeSpan.FromSeconds(1),
        }.Problems().ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("--consecutive-5xx:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--consecutive-connect-failures:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--max-ejection-percent:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--max-ejection-time:", StringComparison.Ordinal));
    }

    private static AttemptResult Result(AttemptOutcome outcome, int status) =>
        new(outcome, status, new ResponseTap(Stream.Null, () => TapMode.PassThrough, 1024, false, () => { }), null);
}
