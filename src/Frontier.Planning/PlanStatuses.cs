using Frontier.Api.Routes;

namespace Frontier.Planning;

/// <summary>Turns a <see cref="RoutePlan"/> into the status fields the gateway routes by (status.plan and status.frontier).</summary>
public static class PlanStatuses
{
    /// <summary>status.plan for <paramref name="plan"/>; <paramref name="powerSource"/> says where the plan's power figures came from.</summary>
    public static PlanStatus Plan(RoutePlan plan, string? powerSource = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new()
        {
            HourlyCost = plan.Allocation.HourlyCost,
            ExpectedQuality = plan.Allocation.ExpectedQuality,
            PowerSource = powerSource,
            Candidates = plan.Allocation.Candidates.Select(c => new PlanCandidateStatus
            {
                Name = c.Name,
                Weight = c.Weight,
                Replicas = c.Replicas,
                ConcurrencyPerReplica = c.ConcurrencyPerReplica,
                MaxInFlight = c.MaxInFlight,
                CostPerRequestUsd = c.CostPerRequestUsd ?? 0,
                ThroughputFactor = plan.ThroughputFactors.TryGetValue(c.Name, out var factor) ? factor : 1,
            }).ToList(),
        };
    }

    /// <summary>status.frontier for <paramref name="plan"/>.</summary>
    public static List<FrontierPointStatus> Frontier(RoutePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Frontier.Select(p => new FrontierPointStatus
        {
            Name = p.Name,
            Concurrency = p.Concurrency,
            CostPerRequestUsd = p.CostPerRequestUsd,
            Quality = p.Quality,
        }).ToList();
    }
}
