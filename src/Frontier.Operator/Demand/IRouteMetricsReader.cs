using Frontier.Api.Routes;

namespace Frontier.Operator.Demand;

/// <summary>Reads a route's demand and live figures; never throws for an unreachable or unhappy Prometheus.</summary>
internal interface IRouteMetricsReader
{
    Task<RouteMetrics> ReadAsync(ModelRoute route, CancellationToken ct);
}
