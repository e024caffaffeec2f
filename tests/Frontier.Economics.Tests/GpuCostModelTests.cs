using Frontier.Economics.Cost;

namespace Frontier.Economics.Tests;

/// <summary>The paper's cost formulas, pinned to figures computed by hand.</summary>
public class GpuCostModelTests
{
    // P = $20,000, Y = 4 years, u = 0.8, 0.4 kW, PUE 1.5, $0.10/kWh, m = 5% a year.
    private static readonly TcoInputs Card = new(20_000, 4, 0.8, 0.4, 1.5, 0.10, 0.05);

    [Fact]
    public void Depreciation_is_price_over_years_hours_and_utilization()
    {
        // 20000 / (4 × 8760 × 0.8) = 20000 / 28032
        Assert.Equal(0.713470319635, GpuCostModel.Hourly(Card).Depreciation, 12);
    }

    [Fact]
    public void Power_is_kw_times_pue_times_electricity_price()
    {
        // 0.4 × 1.5 × 0.10
        Assert.Equal(0.06, GpuCostModel.Hourly(Card).Power, 12);
    }

    [Fact]
    public void Maintenance_is_price_times_rate_over_hours_in_a_year()
    {
        // 20000 × 0.05 / 8760 = 1000 / 8760
        Assert.Equal(0.114155251142, GpuCostModel.Hourly(Card).Maintenance, 12);
    }

    [Fact]
    public void Total_is_the_sum_of_the_three_terms_and_is_not_flat()
    {
        var hourly = GpuCostModel.Hourly(Card);
        Assert.Equal(0.887625570776, hourly.Total, 12);
        Assert.Equal(hourly.Depreciation + hourly.Power + hourly.Maintenance, hourly.Total, 15);
        Assert.False(hourly.IsFlatPrice);
    }

    [Fact]
    public void Hours_per_year_is_a_non_leap_year()
    {
        Assert.Equal(8760, GpuCostModel.HoursPerYear);
    }

    [Fact]
    public void Halving_utilization_doubles_only_the_depreciation_term()
    {
        var full = GpuCostModel.Hourly(Card);
        var half = GpuCostModel.Hourly(Card with { Utilization = 0.4 });
        Assert.Equal(2 * full.Depreciation, half.Depreciation, 12);
        Assert.Equal(full.Power, half.Power, 15);
        Assert.Equal(full.Maintenance, half.Maintenance, 15);
    }

    [Fact]
    public void Flat_price_reports_the_quote_with_an_unknown_breakdown()
    {
        var flat = HourlyCost.Flat(0.79);
        Assert.Equal(0.79, flat.Total);
        Assert.True(flat.IsFlatPrice);
        Assert.Equal(0, flat.Depreciation);
        Assert.Equal(0, flat.Power);
        Assert.Equal(0, flat.Maintenance);
    }

    [Fact]
    public void Two_A800_cards_at_79_cents_cost_158_per_hour()
    {
        Assert.Equal(1.58, TestData.Benchmark(100).ReplicaHourlyCost, 12);
        Assert.Equal(1.58, GpuCostModel.WorkloadCost(2, 0.79, 3600), 12);
    }

    [Fact]
    public void A_775_second_workload_on_two_A800_cards_costs_34_cents()
    {
        var cost = GpuCostModel.WorkloadCost(2, 0.79, 775);
        Assert.Equal(0.3401, cost, 4);
        Assert.Equal(2 * 0.79 * 775 / 3600, cost, 15);
    }

    [Theory]
    [InlineData(1, 1.0, 3600, 1.0)]
    [InlineData(8, 2.5, 1800, 10.0)]
    [InlineData(4, 0.79, 0, 0.0)]
    public void Workload_cost_is_gpus_times_hourly_times_hours(int gpus, double hourly, double seconds, double expected)
    {
        Assert.Equal(expected, GpuCostModel.WorkloadCost(gpus, hourly, seconds), 12);
    }

    [Fact]
    public void Hourly_rejects_null_inputs()
    {
        Assert.Throws<ArgumentNullException>(() => GpuCostModel.Hourly(null!));
    }
}
