namespace Frontier.Economics.Cost;

/// <summary>Cost of one GPU-hour and where it comes from.</summary>
/// <param name="Total">USD per GPU-hour.</param>
/// <param name="Depreciation">P / (Y × 8760 × u).</param>
/// <param name="Power">kW × PUE × E.</param>
/// <param name="Maintenance">P × m / 8760.</param>
/// <param name="IsFlatPrice">True when the total is a quoted price (cloud) rather than a TCO computation.</param>
public sealed record HourlyCost(double Total, double Depreciation, double Power, double Maintenance, bool IsFlatPrice)
{
    /// <summary>A quoted price per GPU-hour; the breakdown is unknown and reported as zero.</summary>
    public static HourlyCost Flat(double pricePerGpuHour) => new(pricePerGpuHour, 0, 0, 0, IsFlatPrice: true);
}
