using Frontier.Api.Routes;
using Frontier.Api.Validation;

namespace Frontier.Cli.Tests;

/// <summary>The percentile fields of a run and spec.slo.statistic: checked like every other field.</summary>
public sealed class PercentileFieldTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Benchmark = """
        apiVersion: frontier.dev/v1alpha1
        kind: GpuProfile
        metadata: {name: gpu}
        spec: {hourlyPrice: 1}
        ---
        apiVersion: frontier.dev/v1alpha1
        kind: ModelBenchmark
        metadata: {name: small, namespace: default}
        spec:
          model: small
          gpuProfile: gpu
          gpus: 1
          benchmark: {name: b, requests: 100, score: 50}
          runs:
            - {concurrency: 1, totalSeconds: 100, p50TtftSeconds: 0.1, p90TtftSeconds: 0.2, p99TtftSeconds: 0.3, p50LatencySeconds: 1, p99LatencySeconds: 2}
            - {concurrency: 4, totalSeconds: 40, p50LatencySeconds: 1.5, p90LatencySeconds: 1.2}
        """;

    [Fact]
    public void Percentiles_must_not_fall()
    {
        var result = CliRunner.Run("analyze", "-f", _cli.File("b.yaml", Benchmark));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ModelBenchmark/default/small: spec.runs[1].p90LatencySeconds: must be ≥ p50LatencySeconds (1.5), got 1.2", result.Err);
        Assert.DoesNotContain("runs[0]", result.Err);
    }

    [Fact]
    public void Percentiles_in_order_are_read()
    {
        var result = CliRunner.Run("analyze", "-f", _cli.File("b.yaml", Benchmark.Replace("p90LatencySeconds: 1.2", "p90LatencySeconds: 1.7", StringComparison.Ordinal)));
        Assert.True(result.ExitCode == 0, result.Err);
    }

    [Theory]
    [InlineData("p99", true)]
    [InlineData("mean", true)]
    [InlineData("p95", false)]
    public void The_slo_statistic_is_one_of_mean_p50_p90_p99(string statistic, bool valid)
    {
        var route = new ModelRoute();
        route.Metadata.Name = "r";
        route.Spec.Model = "chat";
        route.Spec.Slo = new SloSpec { MaxTtftSeconds = 1, Statistic = statistic };
        var errors = SpecValidator.Validate(route).Where(e => e.Field.StartsWith("spec.slo", StringComparison.Ordinal)).ToList();
        if (valid) Assert.Empty(errors);
        else Assert.Equal("must be one of mean, p50, p90, p99, got p95", Assert.Single(errors).Message);
    }
}
