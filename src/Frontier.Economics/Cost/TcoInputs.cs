namespace Frontier.Economics.Cost;

/// <summary>
/// Total-cost-of-ownership inputs for one GPU, as in the paper's cost model.
/// </summary>
/// <param name="PurchasePrice">Purchase price P in USD.</param>
/// <param name="DepreciationYears">Depreciation period Y in years.</param>
/// <param name="Utilization">Share of the year the card does paid work, 0 &lt; u ≤ 1.</param>
/// <param name="PowerKw">Average electrical draw of the card in kW.</param>
/// <param name="Pue">Data-centre power usage effectiveness (≥ 1).</param>
/// <param name="ElectricityPricePerKwh">Electricity price E in USD per kWh.</param>
/// <param name="MaintenanceRate">Annual maintenance cost as a share m of the purchase price.</param>
public sealed record TcoInputs(
    double PurchasePrice,
    double DepreciationYears,
    double Utilization,
    double PowerKw,
    double Pue,
    double ElectricityPricePerKwh,
    double MaintenanceRate);
