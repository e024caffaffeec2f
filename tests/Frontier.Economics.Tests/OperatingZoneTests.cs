using Frontier.Economics.Curves;
using static Frontier.Economics.Tests.TestData;

namespace Frontier.Economics.Tests;

/// <summary>The optimal cost-effectiveness zone: cheapest SLO-meeting point and its contiguous neighbourhood.</summary>
public class OperatingZoneTests
{
    [Fact]
    public void Best_is_the_cheapest_point_per_request()
    {
        OperatingPoint[] points = [Costed(1, 5), Costed(2, 3), Costed(4, 2), Costed(8, 2.1), Costed(16, 2.15), Costed(32, 4)];
        var zone = OperatingZone.Find(points, ServiceLevel.None);
        Assert.NotNull(zone);
        Assert.Same(points[2], zone.Best);
        Assert.Equal(OperatingZone.DefaultTolerance, zone.Tolerance);
    }

    [Fact]
    public void Zone_spans_neighbours_within_the_tolerance()
    {
        // Best 2.0; within 10% is ≤ 2.2: c=4, 8, 16 (3.0 at c=2 and 4.0 at c=32 are out).
        OperatingPoint[] points = [Costed(1, 5), Costed(2, 3), Costed(4, 2), Costed(8, 2.1), Costed(16, 2.15), Costed(32, 4)];
        var zone = OperatingZone.Find(points, ServiceLevel.None)!;
        Assert.Equal(4, zone.MinConcurrency);
        Assert.Equal(16, zone.MaxConcurrency);
    }

    [Fact]
    public void Zone_is_contiguous_and_stops_at_the_first_point_outside_the_tolerance()
    {
        // c=64 is within 10% of the best again, but c=32 between them is not.
        OperatingPoint[] points = [Costed(2, 2.5), Costed(4, 2), Costed(8, 2.1), Costed(32, 4), Costed(64, 2.05)];
        var zone = OperatingZone.Find(points, ServiceLevel.None)!;
        Assert.Equal(4, zone.MinConcurrency);
        Assert.Equal(8, zone.MaxConcurrency);
    }

    [Fact]
    public void Wider_tolerance_widens_the_zone()
    {
        OperatingPoint[] points = [Costed(1, 5), Costed(2, 3), Costed(4, 2), Costed(8, 2.1), Costed(16, 2.15), Costed(32, 4)];
        var zone = OperatingZone.Find(points, ServiceLevel.None, tolerance: 0.5)!;
        Assert.Equal(2, zone.MinConcurrency);
        Assert.Equal(16, zone.MaxConcurrency);
        Assert.Equal(0.5, zone.Tolerance);
        var exact = OperatingZone.Find(points, ServiceLevel.None, tolerance: 0)!;
        Assert.Equal(4, exact.MinConcurrency);
        Assert.Equal(4, exact.MaxConcurrency);
    }

    [Fact]
    public void Best_and_zone_only_use_points_meeting_the_service_level()
    {
        // The cheapest points (c=16, 32) break the 1 s TTFT objective.
        OperatingPoint[] points = [Costed(2, 3, ttft: 0.2), Costed(4, 2.4, ttft: 0.4), Costed(8, 2.5, ttft: 0.9), Costed(16, 2.0, ttft: 1.5), Costed(32, 1.9, ttft: 3)];
        var zone = OperatingZone.Find(points, new ServiceLevel(MaxTtftSeconds: 1))!;
        Assert.Same(points[1], zone.Best);
        Assert.Equal(4, zone.MinConcurrency);
        Assert.Equal(8, zone.MaxConcurrency); // 2.5 ≤ 2.64; c=16 is cheap enough but misses the objective
    }

    [Fact]
    public void No_zone_when_no_point_meets_the_service_level()
    {
        OperatingPoint[] points = [Costed(1, 3, ttft: 2), Costed(2, 2, ttft: 4)];
        Assert.Null(OperatingZone.Find(points, new ServiceLevel(MaxTtftSeconds: 1)));
    }

    [Fact]
    public void A_point_without_measured_ttft_does_not_meet_a_ttft_bound()
    {
        OperatingPoint[] points = [Costed(1, 3, ttft: 0.5), Costed(2, 1, ttft: null)];
        var bound = new ServiceLevel(MaxTtftSeconds: 10);
        Assert.False(bound.IsMetBy(points[1]));
        Assert.Equal("TTFT was not measured", bound.WhyNotMetBy(points[1]));
        var zone = OperatingZone.Find(points, bound)!;
        Assert.Same(points[0], zone.Best);
        Assert.Equal(1, zone.MaxConcurrency);
        // Without a TTFT bound the unmeasured point is fine and wins.
        Assert.Same(points[1], OperatingZone.Find(points, ServiceLevel.None)!.Best);
    }

    [Fact]
    public void Ties_go_to_the_lower_concurrency()
    {
        OperatingPoint[] points = [Costed(1, 3), Costed(2, 2), Costed(4, 2)];
        Assert.Same(points[1], OperatingZone.Find(points, ServiceLevel.None)!.Best);
    }

    [Fact]
    public void Negative_tolerance_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OperatingZone.Find([Costed(1, 1)], ServiceLevel.None, -0.1));
    }

    [Fact]
    public void Service_level_text_names_its_bounds()
    {
        Assert.Equal("no latency objective", ServiceLevel.None.ToString());
        Assert.Equal("TTFT ≤ 2 s, latency ≤ 30 s", new ServiceLevel(2, 30).ToString());
        Assert.Equal("latency 31 s > 30 s", new ServiceLevel(2, 30).WhyNotMetBy(Point(1, 1, ttft: 1, latency: 31)));
        Assert.Null(new ServiceLevel(2, 30).WhyNotMetBy(Point(1, 1, ttft: 2, latency: 30)));
    }
}
