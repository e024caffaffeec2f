using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>How the operator turns measured demand into the demand it plans for; every field has a default.</summary>
public sealed class ScalingSpec
{
    /// <summary>Spare capacity planned on top of the demand, as a fraction (0.1 = 10%, the default; 0 to 10).</summary>
    [Minimum(0), Maximum(10)]
    public double? Headroom { get; set; }

    /// <summary>How long a higher demand is still planned for after it falls, so replicas are not let go on a dip, e.g. 5m (the default); 0s turns it off.</summary>
    [Pattern(SchemaPatterns.Duration)]
    public string? ScaleDownStabilization { get; set; }

    /// <summary>Seconds a new replica takes to serve; a rising demand is planned for as it will be that much later (default 60; 0 turns the lookahead off). Replicas not ready within 3 times this (at least 2 minutes) are taken to be failing: other candidates stop keeping their old replicas for them.</summary>
    [Minimum(0)]
    public double? StartupSeconds { get; set; }
}
