using Frontier.Api.Routes;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// What counts as a real change of a route's observed and planned figures, so a steady route writes nothing.
/// Figures move "beyond the band" when they change by more than <see cref="Relative"/> of their previous value.
/// </summary>
/// <remarks>
/// Why 5%: while demand sits inside the band the route keeps planning for the demand it last wrote, so the band is
/// also the most it can under-provision by; 5% is small enough for the gateway's in-flight caps and spill to absorb,
/// and large enough to hide the wander of a steady stream's rate(): for Poisson arrivals at λ req/s over the default
/// 1-minute window the relative standard deviation is 1/√(60λ), 2.6% at 25 req/s and 1.3% at 100 req/s (a route of
/// a few req/s wanders past 5% now and then, and writes when it does). Measured power and vLLM's live throughput move
/// costs and capacities by similar amounts without changing what the plan does.
/// </remarks>
internal static class DeadBand
{
    public const double Relative = 0.05;

    /// <summary>Whether <paramref name="after"/> is more than 5% away from <paramref name="before"/> (any change from 0).</summary>
    public static bool Beyond(double before, double after) => Math.Abs(after - before) > Relative * Math.Abs(before);

    /// <summary>Whether the plan would now route, scale or cost differently enough, or rest on other power figures, to rewrite it.</summary>
    public static bool PlanMoved(PlanStatus? before, PlanStatus after)
    {
        if (before is null || RouteStatusBuilder.Differs(before, after) || before.PowerSource != after.PowerSource) return true;
        if (Beyond(before.HourlyCost, after.HourlyCost) || Beyond(before.ExpectedQuality, after.ExpectedQuality)) return true;
        for (var i = 0; i < after.Candidates.Count; i++)
        {
            var (a, b) = (before.Candidates[i], after.Candidates[i]);
            if (a.ConcurrencyPerReplica != b.ConcurrencyPerReplica || Beyond(a.CostPerRequestUsd, b.CostPerRequestUsd) || Beyond(a.ThroughputFactor, b.ThroughputFactor))
                return true;
        }
        return false;
    }

    /// <summary>Whether the frontier gained or lost points, or a point's cost moved beyond the band.</summary>
    public static bool FrontierMoved(IList<FrontierPointStatus>? before, IList<FrontierPointStatus> after)
    {
        if (before is null || before.Count != after.Count) return true;
        for (var i = 0; i < after.Count; i++)
        {
            var (a, b) = (before[i], after[i]);
            if (a.Name != b.Name || a.Concurrency != b.Concurrency || a.Quality != b.Quality || Beyond(a.CostPerRequestUsd, b.CostPerRequestUsd)) return true;
        }
        return false;
    }
}
