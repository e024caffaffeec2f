using Frontier.Api.Schema;

namespace Frontier.Api.GpuProfiles;

/// <summary>What one GPU of this kind costs per hour: a quoted price or TCO inputs, exactly one of them.</summary>
[ExactlyOneOf(nameof(HourlyPrice), nameof(Tco))]
public sealed class GpuProfileSpec
{
    /// <summary>Quoted price, USD per GPU-hour (cloud). Mutually exclusive with <see cref="Tco"/>.</summary>
    [Minimum(0, Exclusive = true)]
    public double? HourlyPrice { get; set; }

    /// <summary>TCO inputs from which the hourly cost is computed. Mutually exclusive with <see cref="HourlyPrice"/>.</summary>
    public TcoSpec? Tco { get; set; }
}
