using System.Text.Json;

namespace Frontier.Cli.Tests;

public sealed class PlanCommandTests
{
    private static JsonElement Plan(params string[] args)
    {
        var result = CliRunner.Run(["plan", "--output", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Err);
        return JsonDocument.Parse(result.Out).RootElement;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(35)]
    public void Feasible_plans_cover_demand_within_budget(double demand)
    {
        var plan = Plan("--route", "chat", "--demand", demand.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(plan.GetProperty("feasible").GetBoolean(), plan.GetProperty("reason").GetString());
        Assert.True(plan.GetProperty("hourlyCost").GetDouble() <= 12 + 1e-9);
        var candidates = plan.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(1.0, candidates.Sum(c => c.GetProperty("weight").GetDouble()), 9);
        foreach (var c in candidates)
        {
            Assert.True(c.GetProperty("weight").GetDouble() * demand <= c.GetProperty("capacityRequestsPerSecond").GetDouble() + 1e-9);
            Assert.Equal(c.GetProperty("replicas").GetInt32() * c.GetProperty("concurrencyPerReplica").GetInt32(), c.GetProperty("maxInFlight").GetInt32());
        }
        var wingpt = candidates.Single(c => c.GetProperty("name").GetString() == "wingpt");
        Assert.True(wingpt.GetProperty("replicas").GetInt32() >= 1, "replicas.min of wingpt is 1");
    }

    [Fact]
    public void More_demand_on_a_fixed_budget_trades_quality_for_capacity()
    {
        var low = Plan("--route", "chat", "--demand", "2").GetProperty("expectedQuality").GetDouble();
        var high = Plan("--route", "default/chat", "--demand", "35").GetProperty("expectedQuality").GetDouble();
        Assert.Equal(79.8, low, 6);
        Assert.True(high < low, $"{high} should be below {low}");
    }

    [Fact]
    public void A_budget_too_small_says_why_and_what_would_suffice()
    {
        var plan = Plan("--route", "chat", "--demand", "20", "--budget", "3");
        Assert.False(plan.GetProperty("feasible").GetBoolean());
        Assert.Equal("BudgetTooSmallForDemand", plan.GetProperty("infeasibility").GetString());
        Assert.Contains("maxHourlyCost", plan.GetProperty("reason").GetString());
        Assert.True(plan.GetProperty("cheapestFeasibleHourlyCost").GetDouble() > 3);
        Assert.True(plan.GetProperty("servedRequestsPerSecond").GetDouble() < 20);
        Assert.True(plan.GetProperty("hourlyCost").GetDouble() <= 3 + 1e-9);
    }

    [Fact]
    public void Table_output_names_every_candidate()
    {
        var result = CliRunner.Run("plan", "--route", "chat", "--demand", "10");
        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "qwen72b", "wingpt", "qwen14b" }) Assert.Contains(name, result.Out);
        Assert.Contains("Feasible", result.Out);
    }
}
