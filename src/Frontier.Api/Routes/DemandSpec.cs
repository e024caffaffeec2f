using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Demand settings of a route.</summary>
public sealed class DemandSpec
{
    /// <summary>Requests per second the plan always covers, even when observed demand is lower or unknown (≥ 0).</summary>
    [Minimum(0)]
    public double? FloorRequestsPerSecond { get; set; }
}
