using Frontier.Api.Schema;

namespace Frontier.Api.GpuProfiles;

/// <summary>Total-cost-of-ownership inputs of one GPU (the paper's cost model).</summary>
public sealed class TcoSpec
{
    /// <summary>Purchase price of one card, USD (&gt; 0).</summary>
    [Required, Minimum(0, Exclusive = true)]
    public double? PurchasePrice { get; set; }

    /// <summary>Depreciation period in years (&gt; 0).</summary>
    [Required, Minimum(0, Exclusive = true)]
    public double? DepreciationYears { get; set; }

    /// <summary>Share of the year the card does paid work, 0 &lt; u ≤ 1.</summary>
    [Required, Minimum(0, Exclusive = true), Maximum(1)]
    public double? Utilization { get; set; }

    /// <summary>Average power draw of one card, kW (≥ 0).</summary>
    [Required, Minimum(0)]
    public double? PowerKw { get; set; }

    /// <summary>Data-centre power usage effectiveness (≥ 1).</summary>
    [Required, Minimum(1)]
    public double? Pue { get; set; }

    /// <summary>Electricity price, USD per kWh (≥ 0).</summary>
    [Required, Minimum(0)]
    public double? ElectricityPricePerKwh { get; set; }

    /// <summary>Annual maintenance as a share of the purchase price (≥ 0).</summary>
    [Required, Minimum(0)]
    public double? MaintenanceRate { get; set; }
}
