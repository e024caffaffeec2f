namespace Frontier.Api.GpuProfiles;

/// <summary>The three terms of the TCO hourly cost, USD per GPU-hour.</summary>
public sealed class CostBreakdownStatus
{
    /// <summary>P / (Y × 8760 × u).</summary>
    public double Depreciation { get; set; }

    /// <summary>kW × PUE × E.</summary>
    public double Power { get; set; }

    /// <summary>P × m / 8760.</summary>
    public double Maintenance { get; set; }
}
