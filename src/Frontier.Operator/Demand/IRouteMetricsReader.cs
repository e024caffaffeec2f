using Frontier.Api.Routes;

namespace Frontier.Operator.Demand;

/// <summary>Reads a route's demand and live figures; never throws for an unreachable or unhappy Prometheus.</summary>
internal interface IRouteMetricsReader
{
    /// <summary>Demand, vLLM's live figures and, per group in <paramref name="power"/>, the measured power of its pods.</summary>
    Task<RouteMetrics> ReadAsync(ModelRoute route, IReadOnlyList<PowerGroup> power, CancellationToken ct);
}
