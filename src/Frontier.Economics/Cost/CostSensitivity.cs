namespace Frontier.Economics.Cost;

/// <summary>How much the hourly cost moves when one TCO input moves by ±<see cref="CostSensitivity.DefaultStep"/>.</summary>
/// <param name="Input">The input's field name, e.g. <c>purchasePrice</c>.</param>
/// <param name="LowValue">The input lowered by the step.</param>
/// <param name="HighValue">The input raised by the step (utilization is capped at 1).</param>
/// <param name="HourlyAtLow">Hourly cost with the lowered input.</param>
/// <param name="HourlyAtHigh">Hourly cost with the raised input.</param>
/// <param name="ChangeAtLow">Relative change of the hourly cost at the lowered input.</param>
/// <param name="ChangeAtHigh">Relative change of the hourly cost at the raised input.</param>
public sealed record SensitivityRow(
    string Input, double LowValue, double HighValue,
    double HourlyAtLow, double HourlyAtHigh, double ChangeAtLow, double ChangeAtHigh);

/// <summary>One-at-a-time sensitivity of the TCO hourly cost to each input.</summary>
public static class CostSensitivity
{
    /// <summary>The default relative step, ±20%.</summary>
    public const double DefaultStep = 0.2;

    /// <summary>Rows ordered by the size of their effect, largest first.</summary>
    public static IReadOnlyList<SensitivityRow> Analyze(TcoInputs tco, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(tco);
        if (!(step > 0 && step < 1)) throw new ArgumentOutOfRangeException(nameof(step), step, "step must be in (0, 1)");
        var baseline = GpuCostModel.Hourly(tco).Total;
        var inputs = new (string Name, double Value, Func<double, TcoInputs> With)[]
        {
            ("purchasePrice", tco.PurchasePrice, v => tco with { PurchasePrice = v }),
            ("depreciationYears", tco.DepreciationYears, v => tco with { DepreciationYears = v }),
            ("utilization", tco.Utilization, v => tco with { Utilization = Math.Min(1.0, v) }),
            ("powerKw", tco.PowerKw, v => tco with { PowerKw = v }),
            ("pue", tco.Pue, v => tco with { Pue = v }),
            ("electricityPricePerKwh", tco.ElectricityPricePerKwh, v => tco with { ElectricityPricePerKwh = v }),
            ("maintenanceRate", tco.MaintenanceRate, v => tco with { MaintenanceRate = v }),
        };
        return inputs
            .Select(i =>
            {
                var low = i.Value * (1 - step);
                var high = i.Name == "utilization" ? Math.Min(1.0, i.Value * (1 + step)) : i.Value * (1 + step);
                var atLow = GpuCostModel.Hourly(i.With(low)).Total;
                var atHigh = GpuCostModel.Hourly(i.With(high)).Total;
                return new SensitivityRow(i.Name, low, high, atLow, atHigh, atLow / baseline - 1, atHigh / baseline - 1);
            })
            .OrderByDescending(r => Math.Max(Math.Abs(r.ChangeAtLow), Math.Abs(r.ChangeAtHigh)))
            .ToList();
    }
}
