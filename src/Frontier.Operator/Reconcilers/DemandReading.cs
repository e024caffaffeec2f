using Frontier.Operator.Demand;

namespace Frontier.Operator.Reconcilers;

/// <summary>The demand phase's outcome: what Prometheus said and the demand to plan for.</summary>
/// <param name="Metrics">Prometheus' answer (or why there is none).</param>
/// <param name="RequestsPerSecond">The demand to plan for: observed (never below the floor), else the last observed or the floor;
/// held at the last written value while it stays within the <see cref="DeadBand"/>.</param>
/// <param name="Source">Where <paramref name="RequestsPerSecond"/> came from, for status.demand.source.</param>
/// <param name="Moved">True when it differs from status.demand beyond the band (or there was none, or the spec changed).</param>
/// <param name="KeepPlan">True when metrics are unavailable and the plan in status was made for this spec: fail static.</param>
internal sealed record DemandReading(RouteMetrics Metrics, double RequestsPerSecond, string Source, bool Moved, bool KeepPlan);
