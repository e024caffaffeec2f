namespace Frontier.Replay;

/// <summary>A whole replay: the arrivals, the route and settings, and one result per policy.</summary>
/// <param name="Trace">The arrivals.</param>
/// <param name="Route">"namespace/name" of the route.</param>
/// <param name="Objective">The objective planned for.</param>
/// <param name="BudgetUsdPerHour">The budget (null: none).</param>
/// <param name="IntervalSeconds">The control loop's period.</param>
/// <param name="StartupSeconds">Replica startup time.</param>
/// <param name="Seed">The seed.</param>
/// <param name="CandidateNames">The route's candidates in spec order (the order of <see cref="TimelinePoint.Replicas"/>).</param>
/// <param name="Frontier">The route's cost–quality frontier: (candidate, $ per request, quality).</param>
/// <param name="Policies">One result per policy, in the order asked for.</param>
public sealed record ReplayReport(
    TraceSummary Trace,
    string Route,
    string Objective,
    double? BudgetUsdPerHour,
    double IntervalSeconds,
    double StartupSeconds,
    int Seed,
    IReadOnlyList<string> CandidateNames,
    IReadOnlyList<FrontierPoint> Frontier,
    IReadOnlyList<PolicyResult> Policies);
