using Frontier.Api;
using Frontier.Planning;
using Frontier.Api.Routes;

namespace Frontier.Operator.Reconcilers;

/// <summary>Turns the economics' answer for a route into the status fields the gateway and people read.</summary>
internal static class RouteStatusBuilder
{
    public static PlanStatus Plan(RoutePlan plan, string powerSource) => PlanStatuses.Plan(plan, powerSource);

    public static List<FrontierPointStatus> Frontier(RoutePlan plan) => PlanStatuses.Frontier(plan);

    /// <summary>
    /// Where the plan's power figures came from: "DCGM for a800-80g, h800 (mean per GPU of their pods);
    /// spec.tco.powerKw elsewhere" naming the TCO profiles measured on their own pods, or "assumed: ..." when none was.
    /// It names the profiles and not the watts: it changes only when what the plan rests on changes (a profile gains or
    /// loses a measurement), which is a reason to rewrite the plan; the watts move every pass and show in the costs.
    /// </summary>
    public static string PowerSource(IReadOnlyDictionary<string, double> measuredKwPerGpu, IResourceCatalog catalog)
    {
        var used = measuredKwPerGpu.Keys.Where(name => catalog.FindGpuProfile(name)?.Spec.Tco is not null)
            .Order(StringComparer.Ordinal)
            .ToList();
        return used.Count == 0
            ? "assumed: spec.tco.powerKw of each GpuProfile"
            : $"DCGM for {string.Join(", ", used)} (mean per GPU of their pods); spec.tco.powerKw elsewhere";
    }

    /// <summary>True when the two plans would route or scale differently (an Event is worth recording).</summary>
    public static bool Differs(PlanStatus? before, PlanStatus after)
    {
        if (before is null) return true;
        if (before.Candidates.Count != after.Candidates.Count) return true;
        for (var i = 0; i < after.Candidates.Count; i++)
        {
            var a = before.Candidates[i];
            var b = after.Candidates[i];
            if (a.Name != b.Name || a.Replicas != b.Replicas || a.MaxInFlight != b.MaxInFlight || Math.Abs(a.Weight - b.Weight) > 0.01) return true;
        }
        return false;
    }

    /// <summary>One line for an Event or a log: "qwen72b 3×64 w=0.30, wingpt 4×64 w=0.70; $11.05/h, quality 77.27".</summary>
    public static string Summary(PlanStatus plan) =>
        FormattableString.Invariant($"{string.Join(", ", plan.Candidates.Select(c => FormattableString.Invariant($"{c.Name} {c.Replicas}×{c.ConcurrencyPerReplica} w={c.Weight:0.00}")))}; ${plan.HourlyCost:0.##}/h, quality {plan.ExpectedQuality:0.##}");
}
