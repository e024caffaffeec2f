using System.Text.Json;

namespace Frontier.Cli.Tests;

public sealed class AnalyzeCommandTests
{
    private static JsonElement AnalyzeJson(params string[] extra)
    {
        var result = CliRunner.Run(["analyze", "--output", "json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Err);
        return JsonDocument.Parse(result.Out).RootElement;
    }

    private static JsonElement Model(JsonElement root, string name) =>
        root.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);

    [Fact]
    public void Embedded_dataset_reproduces_the_papers_published_figures()
    {
        var root = AnalyzeJson();
        var a800 = root.GetProperty("gpuProfiles")[0];
        Assert.Equal(0.79, a800.GetProperty("hourlyCost").GetDouble(), 2);
        var breakdown = a800.GetProperty("breakdown");
        var sum = breakdown.GetProperty("depreciation").GetDouble() + breakdown.GetProperty("power").GetDouble() + breakdown.GetProperty("maintenance").GetDouble();
        Assert.Equal(a800.GetProperty("hourlyCost").GetDouble(), sum, 10);

        var wingpt = Model(root, "wingpt-3-5");
        Assert.Equal("WiNGPT-3.5", wingpt.GetProperty("model").GetString());
        Assert.Equal(76.2, wingpt.GetProperty("quality").GetDouble());
        Assert.Equal(0.34, wingpt.GetProperty("best").GetProperty("costUsd").GetDouble(), 2);
        var bestPoint = wingpt.GetProperty("points").EnumerateArray()
            .Single(p => p.GetProperty("concurrency").GetInt32() == wingpt.GetProperty("best").GetProperty("concurrency").GetInt32());
        Assert.Equal(775, bestPoint.GetProperty("totalSeconds").GetDouble(), 0);
        Assert.Equal(9, root.GetProperty("models").GetArrayLength());
        Assert.Contains("illustrative", root.GetProperty("dataset").GetString());
    }

    [Fact]
    public void Json_holds_every_contract_field_and_consistent_numbers()
    {
        var root = AnalyzeJson();
        foreach (var model in root.GetProperty("models").EnumerateArray())
        {
            var best = model.GetProperty("best");
            var zone = model.GetProperty("zone");
            Assert.InRange(best.GetProperty("concurrency").GetInt32(), zone.GetProperty("minConcurrency").GetInt32(), zone.GetProperty("maxConcurrency").GetInt32());
            var points = model.GetProperty("points").EnumerateArray().ToList();
            Assert.True(points.Count >= 3);
            var cheapest = points.Min(p => p.GetProperty("costPerRequestUsd").GetDouble());
            Assert.Equal(cheapest, best.GetProperty("costUsd").GetDouble() / 2993, 12);
            foreach (var p in points)
            {
                Assert.Equal(2993 / p.GetProperty("totalSeconds").GetDouble(), p.GetProperty("requestsPerSecond").GetDouble(), 9);
                Assert.Equal(p.GetProperty("costUsd").GetDouble() / 2993, p.GetProperty("costPerRequestUsd").GetDouble(), 12);
            }
            Assert.True(model.GetProperty("principles").GetProperty("diminishingMarginalCost").GetProperty("holds").GetBoolean());
            Assert.True(model.GetProperty("principles").GetProperty("diminishingReturnsToScale").GetProperty("holds").GetBoolean());
        }

        var frontier = root.GetProperty("frontier").EnumerateArray().ToList();
        Assert.NotEmpty(frontier);
        var names = root.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToHashSet();
        for (var i = 0; i < frontier.Count; i++)
        {
            Assert.Contains(frontier[i].GetProperty("name").GetString(), names);
            if (i == 0) continue;
            Assert.True(frontier[i].GetProperty("costUsd").GetDouble() > frontier[i - 1].GetProperty("costUsd").GetDouble());
            Assert.True(frontier[i].GetProperty("quality").GetDouble() > frontier[i - 1].GetProperty("quality").GetDouble());
        }
        // The best-quality model is always on the frontier.
        Assert.Equal("qwen2-5-72b", frontier[^1].GetProperty("name").GetString());
    }

    [Fact]
    public void A_ttft_objective_moves_the_best_point_to_a_lower_concurrency()
    {
        var free = Model(AnalyzeJson(), "wingpt-3-5").GetProperty("best").GetProperty("concurrency").GetInt32();
        var bounded = Model(AnalyzeJson("--max-ttft", "0.5"), "wingpt-3-5");
        var best = bounded.GetProperty("best").GetProperty("concurrency").GetInt32();
        Assert.True(best < free, $"best {best} should fall below {free}");
        Assert.All(bounded.GetProperty("points").EnumerateArray().Where(p => p.GetProperty("concurrency").GetInt32() > best),
            p => Assert.False(p.GetProperty("meetsSlo").GetBoolean()));
    }

    [Fact]
    public void Repeated_runs_get_a_bootstrap_interval_around_the_mean()
    {
        using var cli = new CliRunner();
        var file = cli.File("all.yaml", Manifests.All());
        var result = CliRunner.Run("analyze", "-f", file, "--output", "json");
        Assert.True(result.ExitCode == 0, result.Err);
        var point = JsonDocument.Parse(result.Out).RootElement.GetProperty("models")[0].GetProperty("points").EnumerateArray()
            .Single(p => p.GetProperty("concurrency").GetInt32() == 16);
        Assert.Equal(2, point.GetProperty("runs").GetInt32());
        var interval = point.GetProperty("costPerRequestInterval");
        var mean = point.GetProperty("costPerRequestUsd").GetDouble();
        Assert.InRange(mean, interval.GetProperty("low").GetDouble(), interval.GetProperty("high").GetDouble());
        Assert.True(interval.GetProperty("high").GetDouble() > interval.GetProperty("low").GetDouble());
    }

    [Fact]
    public void Table_output_labels_the_dataset_and_shows_the_frontier()
    {
        var result = CliRunner.Run("analyze");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("illustrative", result.Out);
        Assert.Contains("Cost–quality frontier", result.Out);
        Assert.Matches(@"wingpt-3-5\s+WiNGPT-3\.5\s+76\.2\s+2\s+64\s+775\.0\s+0\.3399", result.Out);
    }
}
