using System.Text.Json.Nodes;

namespace Frontier.Cli.Tests;

/// <summary><c>frontier replay</c>: the table on the shipped trace, the JSON contract, the plot, and bad input.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Golden");
    private readonly CliRunner _cli = new();

    /// <summary>The fields other tools read: <c>trace</c> and, per policy, these (the issue's contract).</summary>
    private static readonly string[] PolicyFields =
    [
        "policy", "arrivals", "served", "rejected", "failed", "meanQuality", "costUsd", "costPer1kRequestsUsd", "gpuHours",
        "ttftP50Seconds", "ttftP99Seconds", "sloAttainment", "minutesOverBudget",
    ];

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void On_the_shipped_trace_it_prints_one_row_per_policy()
    {
        var result = CliRunner.Run("replay", "--route", "chat");

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("azure-llm-inference-2023-conv.csv", result.Out, StringComparison.Ordinal);
        foreach (var policy in new[] { "frontier", "always-best", "cheapest", "static-split:", "peak-static", "oracle" })
            Assert.Contains(Environment.NewLine + policy, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_is_byte_for_byte_the_golden_file_and_holds_the_contract_fields()
    {
        var result = CliRunner.Run("replay", "--route", "chat", "--pattern", "step:1,5,600", "--seed", "3", "--output", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var json = JsonNode.Parse(result.Out)!;
        Assert.True(json["trace"]!["requests"]!.GetValue<long>() > 0);
        Assert.True(json["trace"]!["durationSeconds"]!.GetValue<double>() > 500);
        var policies = json["policies"]!.AsArray();
        Assert.Equal(["frontier", "always-best", "cheapest", "static-split", "peak-static", "oracle"], policies.Select(p => p!["policy"]!.GetValue<string>()));
        foreach (var policy in policies)
            foreach (var field in PolicyFields) Assert.True(policy![field] is not null, $"{policy!["policy"]}: no {field}");
        // Regenerate deliberately, from the Golden folder:
        // dotnet run --project ../../../src/Frontier.Cli -- replay --route chat --pattern step:1,5,600 --seed 3 --output json > replay-step.json
        Assert.Equal(File.ReadAllText(Path.Combine(Golden, "replay-step.json")), result.Out);
    }

    [Fact]
    public void Plot_writes_a_png()
    {
        var path = _cli.PathOf("replay.png");
        var result = CliRunner.Run("replay", "--route", "chat", "--pattern", "spike:1,4,600", "--policy", "all", "--plot", path);

        Assert.True(result.ExitCode == 0, result.Err);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void A_malformed_line_exits_2_naming_the_file_and_line()
    {
        var trace = _cli.File("bad.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n0.0,10,20\n1.5,10,twenty\n");
        var result = CliRunner.Run("replay", "--route", "chat", "--trace", trace);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"frontier replay: {trace}:3: GeneratedTokens: expected a whole number ≥ 0, got 'twenty'", result.Err.TrimEnd());
    }

    [Theory]
    [InlineData("", "the trace is empty")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n", "no requests")]
    public void An_empty_trace_exits_2(string content, string message)
    {
        var trace = _cli.File("empty.csv", content);
        var result = CliRunner.Run("replay", "--route", "chat", "--trace", trace);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--route", "nope", "--route nope: no ModelRoute of that name")]
    [InlineData("--policy", "fastest", "--policy: unknown policy 'fastest'")]
    [InlineData("--policy", "static-split:1.5", "--policy: 'static-split:1.5': static-split takes")]
    [InlineData("--pattern", "sawtooth", "--pattern: unknown pattern 'sawtooth'")]
    [InlineData("--rate-scale", "0", "--rate-scale must be > 0, got 0")]
    [InlineData("--pattern", "spike:0,0.0001,10", "pattern spike:0,0.0001,10: no arrivals to replay")]
    public void Bad_options_exit_2_with_one_line(string option, string value, string message)
    {
        var args = option == "--route" ? new[] { "replay", option, value } : ["replay", "--route", "chat", option, value];
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scaling: {headroom: -1}", "spec.scaling.headroom", "must be between 0 and 10")]
    [InlineData("scaling: {scaleDownStabilization: soon}", "spec.scaling.scaleDownStabilization", "must be a duration")]
    [InlineData("scaling: {startupSeconds: -5}", "spec.scaling.startupSeconds", "must be ≥ 0")]
    public void A_bad_spec_scaling_exits_2_naming_the_field(string scaling, string field, string message)
    {
        var route = Manifests.Route.Replace("  model: chat", "  model: chat\n  " + scaling, StringComparison.Ordinal);
        var result = CliRunner.Run("replay", "-f", _cli.File("bad.yaml", Manifests.All(route: route)), "--route", "r", "--pattern", "step");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(field, result.Err, StringComparison.Ordinal);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_from_a_file_replays_with_its_scaling()
    {
        var route = Manifests.Route.Replace("  model: chat", "  model: chat\n  scaling: {headroom: 0.3, scaleDownStabilization: 2m, startupSeconds: 30}", StringComparison.Ordinal);
        var result = CliRunner.Run("replay", "-f", _cli.File("r.yaml", Manifests.All(route: route)), "--route", "r", "--pattern", "diurnal:1,3,1200", "--policy", "frontier", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var policy = JsonNode.Parse(result.Out)!["policies"]![0]!;
        Assert.Equal(policy["arrivals"]!.GetValue<long>(), policy["served"]!.GetValue<long>() + policy["rejected"]!.GetValue<long>() + policy["failed"]!.GetValue<long>());
    }

    [Fact]
    public void Target_rate_and_rate_scale_together_exit_2()
    {
        var result = CliRunner.Run("replay", "--route", "chat", "--target-rps", "5", "--rate-scale", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give one or the other", result.Err, StringComparison.Ordinal);
    }
}
