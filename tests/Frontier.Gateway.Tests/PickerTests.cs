using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Gateway.Tests;

public sealed class PickerTests
{
    private static RouteEntry Route(params (string Name, double Weight, int? Cap)[] cs) =>
        new("ns/r", "alias", true, [.. cs.Select(c => new CandidateRoute(c.Name, "http://" + c.Name, c.Name, c.Weight, c.Cap, 0))]);

    /// <summary>The picker's view of candidates with one endpoint each (fixed addresses).</summary>
    private static int Pick(CandidatePicker picker, RouteEntry route, Func<int, int> inFlight, Func<int, bool> isEjected, Func<int, bool>? excluded = null) =>
        picker.Pick([.. route.Candidates.Select((c, i) =>
        {
            var room = c.MaxInFlight is not { } cap || inFlight(i) < cap;
            return new CandidateRoom(c.Weight, excluded?.Invoke(i) != true, room, room && !isEjected(i));
        })]);

    [Fact]
    public void Weighted_draws_stay_within_statistical_bounds()
    {
        var picker = new CandidatePicker(new Random(42));
        var route = Route(("a", 0.7, null), ("b", 0.2, null), ("c", 0.1, null));
        var counts = new int[3];
        const int n = 100_000;
        for (var i = 0; i < n; i++) counts[Pick(picker, route, _ => 0, _ => false)]++;
        // 5 standard deviations of a binomial share.
        foreach (var (share, k) in new[] { (0.7, 0), (0.2, 1), (0.1, 2) })
        {
            var sd = Math.Sqrt(share * (1 - share) / n);
            Assert.InRange(counts[k] / (double)n, share - 5 * sd, share + 5 * sd);
        }
    }

    [Fact]
    public void Zero_weights_are_never_drawn_but_all_zero_means_equal()
    {
        var picker = new CandidatePicker(new Random(1));
        var route = Route(("a", 0, null), ("b", 1, null));
        for (var i = 0; i < 1000; i++) Assert.Equal(1, Pick(picker, route, _ => 0, _ => false));
        var equal = Route(("a", 0, null), ("b", 0, null));
        var seen = new HashSet<int>();
        for (var i = 0; i < 200; i++) seen.Add(Pick(picker, equal, _ => 0, _ => false));
        Assert.Equal([0, 1], seen.Order());
    }

    [Fact]
    public void A_full_candidate_spills_along_the_frontier_and_none_with_room_gives_minus_one()
    {
        var picker = new CandidatePicker(new Random(7));
        var route = Route(("low", 0, 2), ("mid", 1, 2), ("high", 0, 2));
        var inFlight = new[] { 0, 2, 0 };
        // mid is drawn (only weight) but full: the next along the frontier (ascending quality) is high.
        Assert.Equal(2, Pick(picker, route, i => inFlight[i], _ => false));
        inFlight[2] = 2;
        Assert.Equal(0, Pick(picker, route, i => inFlight[i], _ => false)); // wraps around to low
        inFlight[0] = 2;
        Assert.Equal(-1, Pick(picker, route, i => inFlight[i], _ => false));
    }

    [Fact]
    public void Down_candidates_are_skipped_while_others_have_room_and_exclusions_hold()
    {
        var picker = new CandidatePicker(new Random(3));
        var route = Route(("a", 1, 1), ("b", 0, 1));
        var inFlight = new[] { 0, 0 };
        Assert.Equal(1, Pick(picker, route, i => inFlight[i], i => i == 0));
        inFlight[1] = 1;
        Assert.Equal(0, Pick(picker, route, i => inFlight[i], i => i == 0)); // down but the only one with room
        Assert.Equal(-1, Pick(picker, route, i => inFlight[i], _ => false, i => i == 0));
    }

    [Fact]
    public async Task Admission_caps_in_flight_waits_for_a_release_and_gives_up_after_the_bound()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var states = new CandidateStates();
        var admission = new Admission(new CandidatePicker(new Random(5)), states, time, new GatewayOptions());
        var route = Route(("a", 0.5, 1), ("b", 0.5, 1));
        using var l1 = admission.TryAcquire(route);
        using var l2 = admission.TryAcquire(route);
        Assert.NotNull(l1);
        Assert.NotNull(l2);
        Assert.NotEqual(l1!.Candidate.Name, l2!.Candidate.Name);
        Assert.Null(admission.TryAcquire(route));

        // A waiter gets the slot released within the bound.
        var waiting = admission.AcquireAsync(route, TimeSpan.FromSeconds(2), null, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        l1.Dispose();
        using var l3 = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(l1.Candidate.Name, l3!.Candidate.Name);
        l1.Dispose(); // idempotent
        Assert.Equal(1, states.Of(route, l1.Candidate).InFlight);

        // Nobody releases: null once the 2 s bound passes on the injected clock.
        var giveUp = admission.AcquireAsync(route, TimeSpan.FromSeconds(2), null, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Delay(50);
        Assert.False(giveUp.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(await giveUp.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
