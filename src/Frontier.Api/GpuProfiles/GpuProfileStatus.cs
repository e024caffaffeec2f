using k8s.Models;

namespace Frontier.Api.GpuProfiles;

/// <summary>The computed hourly cost of a GPU profile.</summary>
public sealed class GpuProfileStatus
{
    /// <summary>Generation of the spec this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>USD per GPU-hour.</summary>
    public double? HourlyCost { get; set; }

    /// <summary>TCO terms; absent for a quoted price.</summary>
    public CostBreakdownStatus? Breakdown { get; set; }

    /// <summary>Where the hourly cost came from: hourlyPrice, tco, or tco with measured power.</summary>
    public string? Source { get; set; }

    /// <summary>Standard conditions (Valid, Ready).</summary>
    public IList<V1Condition>? Conditions { get; set; }
}
