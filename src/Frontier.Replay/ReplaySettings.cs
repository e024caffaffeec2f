using Frontier.Api.Routes;
using Frontier.Economics.Allocation;

namespace Frontier.Replay;

/// <summary>How a replay runs. Times are virtual seconds.</summary>
/// <param name="IntervalSeconds">The control loop's period; null takes the route's spec.interval (default 30 s).</param>
/// <param name="StartupSeconds">How long a new replica takes to become ready (the oracle's take none).</param>
/// <param name="Seed">Seeds rate scaling and the gateway's weighted draw: same seed, same result.</param>
/// <param name="TargetRequestsPerSecond">Scales the trace's mean rate to this; exclusive with <paramref name="RateScale"/>.</param>
/// <param name="RateScale">Multiplies the trace's rate; with neither, the trace's peak minute is scaled to the most the budget can serve.</param>
/// <param name="QueueWaitSeconds">The gateway's bounded wait for a slot before a 429.</param>
/// <param name="BudgetOverride">Replaces spec.budget.maxHourlyCost (USD per hour).</param>
/// <param name="ObjectiveOverride">Replaces spec.objective.</param>
/// <param name="QualityFloorOverride">Replaces spec.qualityFloor.</param>
/// <param name="Scaling">Fields set here replace those of the route's spec.scaling (headroom, stabilization, startup lookahead).</param>
/// <param name="ServiceSpeedup">Replicas serve this many times faster than their benchmark (as simulators run with --time-scale 1/x); the planner still plans with the benchmark.</param>
/// <param name="WarmStart">Every policy starts with the plan for the first interval's demand, its replicas ready (true, the
/// default), or — as an operator that has seen no traffic yet — with the plan for the route's demand floor.</param>
/// <param name="FrontierForesight">frontier plans for the coming interval's true demand, as the oracle does (with zero startup it is the oracle).</param>
public sealed record ReplaySettings(
    double? IntervalSeconds = null,
    double StartupSeconds = 60,
    int Seed = 1,
    double? TargetRequestsPerSecond = null,
    double? RateScale = null,
    double QueueWaitSeconds = 2,
    double? BudgetOverride = null,
    Objective? ObjectiveOverride = null,
    double? QualityFloorOverride = null,
    ScalingSpec? Scaling = null,
    double ServiceSpeedup = 1,
    bool WarmStart = true,
    bool FrontierForesight = false);
