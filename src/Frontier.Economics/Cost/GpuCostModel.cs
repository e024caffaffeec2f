namespace Frontier.Economics.Cost;

/// <summary>The paper's GPU cost model: hourly cost from TCO inputs, and workload cost from time.</summary>
public static class GpuCostModel
{
    /// <summary>Hours in a (non-leap) year, as the paper uses.</summary>
    public const double HoursPerYear = 8760;

    /// <summary>hourly = P/(Y·8760·u) + kW·PUE·E + P·m/8760.</summary>
    public static HourlyCost Hourly(TcoInputs tco)
    {
        ArgumentNullException.ThrowIfNull(tco);
        var depreciation = tco.PurchasePrice / (tco.DepreciationYears * HoursPerYear * tco.Utilization);
        var power = tco.PowerKw * tco.Pue * tco.ElectricityPricePerKwh;
        var maintenance = tco.PurchasePrice * tco.MaintenanceRate / HoursPerYear;
        return new HourlyCost(depreciation + power + maintenance, depreciation, power, maintenance, IsFlatPrice: false);
    }

    /// <summary>Cost in USD of a workload that keeps <paramref name="gpus"/> cards busy for <paramref name="seconds"/>.</summary>
    public static double WorkloadCost(int gpus, double hourlyPerGpu, double seconds) =>
        gpus * hourlyPerGpu * seconds / 3600.0;
}
