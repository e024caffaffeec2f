using Frontier.Economics.Cost;

namespace Frontier.Economics.Tests;

/// <summary>One-at-a-time ±20% sensitivity of the TCO hourly cost.</summary>
public class CostSensitivityTests
{
    private static readonly TcoInputs Card = new(20_000, 4, 0.8, 0.4, 1.5, 0.10, 0.05);

    private static SensitivityRow Row(IReadOnlyList<SensitivityRow> rows, string input) => rows.Single(r => r.Input == input);

    [Fact]
    public void Has_one_row_per_input()
    {
        var rows = CostSensitivity.Analyze(Card);
        Assert.Equal(
            ["depreciationYears", "electricityPricePerKwh", "maintenanceRate", "powerKw", "pue", "purchasePrice", "utilization"],
            rows.Select(r => r.Input).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Rows_move_each_input_by_twenty_percent()
    {
        var rows = CostSensitivity.Analyze(Card);
        Assert.Equal(0.2, CostSensitivity.DefaultStep);
        Assert.Equal(16_000, Row(rows, "purchasePrice").LowValue, 9);
        Assert.Equal(24_000, Row(rows, "purchasePrice").HighValue, 9);
        Assert.Equal(3.2, Row(rows, "depreciationYears").LowValue, 12);
        Assert.Equal(4.8, Row(rows, "depreciationYears").HighValue, 12);
        Assert.Equal(0.32, Row(rows, "powerKw").LowValue, 12);
        Assert.Equal(0.48, Row(rows, "powerKw").HighValue, 12);
        Assert.Equal(0.04, Row(rows, "maintenanceRate").LowValue, 12);
        Assert.Equal(0.06, Row(rows, "maintenanceRate").HighValue, 12);
    }

    [Fact]
    public void Each_row_recomputes_the_hourly_cost_with_only_that_input_moved()
    {
        var baseline = GpuCostModel.Hourly(Card).Total;
        var row = Row(CostSensitivity.Analyze(Card), "pue");
        Assert.Equal(GpuCostModel.Hourly(Card with { Pue = 1.2 }).Total, row.HourlyAtLow, 12);
        Assert.Equal(GpuCostModel.Hourly(Card with { Pue = 1.8 }).Total, row.HourlyAtHigh, 12);
        Assert.Equal(row.HourlyAtLow / baseline - 1, row.ChangeAtLow, 12);
        Assert.Equal(row.HourlyAtHigh / baseline - 1, row.ChangeAtHigh, 12);
    }

    [Fact]
    public void Raising_the_purchase_price_raises_the_cost_by_the_price_driven_share()
    {
        var hourly = GpuCostModel.Hourly(Card);
        var row = Row(CostSensitivity.Analyze(Card), "purchasePrice");
        Assert.True(row.HourlyAtHigh > hourly.Total);
        Assert.True(row.HourlyAtLow < hourly.Total);
        // Depreciation and maintenance are linear in P; power is not: +20% of P adds 20% of those two terms.
        var expected = 0.2 * (hourly.Depreciation + hourly.Maintenance) / hourly.Total;
        Assert.Equal(expected, row.ChangeAtHigh, 12);
        Assert.Equal(-expected, row.ChangeAtLow, 12);
    }

    [Fact]
    public void Longer_depreciation_and_higher_utilization_lower_the_cost()
    {
        var rows = CostSensitivity.Analyze(Card);
        Assert.True(Row(rows, "depreciationYears").ChangeAtHigh < 0);
        Assert.True(Row(rows, "depreciationYears").ChangeAtLow > 0);
        Assert.True(Row(rows, "utilization").ChangeAtHigh < 0);
        Assert.True(Row(rows, "utilization").ChangeAtLow > 0);
    }

    [Fact]
    public void Utilization_is_capped_at_one()
    {
        var row = Row(CostSensitivity.Analyze(Card with { Utilization = 0.9 }), "utilization");
        Assert.Equal(1.0, row.HighValue);
        Assert.Equal(0.72, row.LowValue, 12);
        Assert.Equal(GpuCostModel.Hourly(Card with { Utilization = 1.0 }).Total, row.HourlyAtHigh, 12);
    }

    [Fact]
    public void Utilization_already_at_one_cannot_rise()
    {
        var row = Row(CostSensitivity.Analyze(Card with { Utilization = 1.0 }), "utilization");
        Assert.Equal(1.0, row.HighValue);
        Assert.Equal(0, row.ChangeAtHigh, 12);
        Assert.True(row.ChangeAtLow > 0);
    }

    [Fact]
    public void Rows_are_ordered_by_largest_effect_first()
    {
        var effects = CostSensitivity.Analyze(Card).Select(r => Math.Max(Math.Abs(r.ChangeAtLow), Math.Abs(r.ChangeAtHigh))).ToList();
        Assert.Equal(effects.OrderByDescending(e => e), effects);
        // −20% of Y or of u raises depreciation by 25%, which beats +20% of P (which moves 93% of the cost by 20%).
        var hourly = GpuCostModel.Hourly(Card);
        var rows = CostSensitivity.Analyze(Card);
        Assert.Equal(0.25 * hourly.Depreciation / hourly.Total, effects[0], 12);
        Assert.Equal(["depreciationYears", "utilization"], rows.Take(2).Select(r => r.Input).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("purchasePrice", rows[2].Input);
    }

    [Fact]
    public void A_custom_step_is_honoured()
    {
        var row = Row(CostSensitivity.Analyze(Card, 0.1), "powerKw");
        Assert.Equal(0.36, row.LowValue, 12);
        Assert.Equal(0.44, row.HighValue, 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Steps_outside_zero_to_one_are_rejected(double step)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CostSensitivity.Analyze(Card, step));
    }
}
