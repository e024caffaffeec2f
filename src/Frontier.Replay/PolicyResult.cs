using System.Text.Json.Serialization;

namespace Frontier.Replay;

/// <summary>One policy's replay. The JSON names of these properties are a contract.</summary>
/// <param name="Policy">The policy's name as in --policy.</param>
/// <param name="Share">static-split's share of traffic to the best candidate; null for other policies.</param>
/// <param name="Arrivals">Requests that arrived.</param>
/// <param name="Served">Requests completed.</param>
/// <param name="Rejected">Requests refused with 429 after the gateway's bounded wait.</param>
/// <param name="Failed">Requests sent to a candidate with no ready replica (502 after the gateway's one retry).</param>
/// <param name="MeanQuality">Mean quality of the served requests.</param>
/// <param name="DeliveredQuality">Quality delivered per arrival: the served requests' quality summed over all arrivals (a 429 or a failure counts 0).</param>
/// <param name="CostUsd">What the replicas held cost.</param>
/// <param name="CostPer1kRequestsUsd">Cost per thousand served requests.</param>
/// <param name="GpuHours">GPU-hours held.</param>
/// <param name="TtftP50Seconds">Median time to first token of served requests (including the wait for a slot).</param>
/// <param name="TtftP99Seconds">99th percentile of the same.</param>
/// <param name="SloAttainment">Share of arrivals served within the route's SLO (TTFT and latency bounds; served at all when none).</param>
/// <param name="MinutesOverBudget">Whole minutes whose spend rate exceeded the budget.</param>
/// <param name="BudgetBreached">Whether the policy ignores the budget and breached it (always-best, cheapest, static-split).</param>
/// <param name="Candidates">Per candidate: served, replica-hours and concurrency against the zone.</param>
public sealed record PolicyResult(
    string Policy,
    double? Share,
    long Arrivals,
    long Served,
    long Rejected,
    long Failed,
    double MeanQuality,
    double DeliveredQuality,
    double CostUsd,
    double CostPer1kRequestsUsd,
    double GpuHours,
    double TtftP50Seconds,
    double TtftP99Seconds,
    double SloAttainment,
    int MinutesOverBudget,
    bool BudgetBreached,
    IReadOnlyList<CandidateResult> Candidates)
{
    /// <summary>The loop at every control tick (for the plot; not in the JSON).</summary>
    [JsonIgnore]
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];
}
