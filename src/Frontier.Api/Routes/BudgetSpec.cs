using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Spending limit of a route.</summary>
public sealed class BudgetSpec
{
    /// <summary>Most the route's replicas may cost, USD per hour (&gt; 0).</summary>
    [Required, Minimum(0, Exclusive = true)]
    public double? MaxHourlyCost { get; set; }
}
