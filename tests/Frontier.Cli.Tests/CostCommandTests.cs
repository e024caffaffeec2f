using System.Text.Json;

namespace Frontier.Cli.Tests;

public sealed class CostCommandTests
{
    [Fact]
    public void Tco_inputs_give_the_papers_three_terms()
    {
        var result = CliRunner.Run("cost", "--output", "json", "--purchase-price", "20000", "--depreciation-years", "4", "--utilization", "0.5",
            "--power-kw", "0.3", "--pue", "1.5", "--electricity-price", "0.2", "--maintenance-rate", "0.1", "--gpus", "2", "--seconds", "3600");
        Assert.True(result.ExitCode == 0, result.Err);
        var json = JsonDocument.Parse(result.Out).RootElement;
        var depreciation = 20000 / (4 * 8760 * 0.5);
        var power = 0.3 * 1.5 * 0.2;
        var maintenance = 20000 * 0.1 / 8760;
        Assert.Equal(depreciation, json.GetProperty("breakdown").GetProperty("depreciation").GetDouble(), 12);
        Assert.Equal(power, json.GetProperty("breakdown").GetProperty("power").GetDouble(), 12);
        Assert.Equal(maintenance, json.GetProperty("breakdown").GetProperty("maintenance").GetDouble(), 12);
        Assert.Equal(2 * (depreciation + power + maintenance), json.GetProperty("workloadCostUsd").GetDouble(), 12);
        Assert.Equal(7, json.GetProperty("sensitivity").GetArrayLength());
    }

    [Fact]
    public void Defaults_to_the_papers_A800_example()
    {
        var result = CliRunner.Run("cost", "--gpus", "2", "--seconds", "775", "--output", "json");
        Assert.True(result.ExitCode == 0, result.Err);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(0.79, json.GetProperty("hourlyCost").GetDouble(), 2);
        Assert.Equal(1.58, json.GetProperty("hourlyCostForGpus").GetDouble(), 2);
        Assert.Equal(0.34, json.GetProperty("workloadCostUsd").GetDouble(), 2);
    }

    [Fact]
    public void A_quoted_price_has_no_breakdown_or_sensitivity()
    {
        var result = CliRunner.Run("cost", "--hourly-price", "2.5", "--gpus", "8");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("20.0000 $/h", result.Out);
        Assert.DoesNotContain("Sensitivity", result.Out);
    }
}
