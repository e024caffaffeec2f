using Frontier.Api.Manifests;

namespace Frontier.Cli.Tests;

/// <summary>frontier import: fixtures written to the tools' saved-result schemas (Imports/), and what a partial file gets.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Imports");
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Fixture(string name) => Path.Combine(Fixtures, name);

    private static readonly string[] Identity = ["--name", "qwen-7b", "--model", "qwen", "--gpu-profile", "a800-80g", "--gpus", "2", "--benchmark-requests", "1000"];

    private Api.Benchmarks.ModelBenchmark Load(string yaml)
    {
        var profile = "apiVersion: frontier.dev/v1alpha1\nkind: GpuProfile\nmetadata: {name: a800-80g}\nspec: {hourlyPrice: 0.79}\n---\n";
        var set = ManifestLoader.LoadFiles([_cli.File("imported.yaml", profile + yaml)]);
        return Assert.Single(set.ModelBenchmarks);
    }

    [Fact]
    public void Vllm_files_become_one_run_each_scaled_to_the_workload()
    {
        var result = CliRunner.Run(["import", "vllm", Fixture("vllm-c8.json"), Fixture("vllm-c1.json"), Fixture("vllm-c32.json"), .. Identity]);
        Assert.True(result.ExitCode == 0, result.Err);
        var benchmark = Load(result.Out);
        Assert.Equal([1, 8, 32], benchmark.Spec.Runs!.Select(r => r.Concurrency!.Value));
        var c8 = benchmark.Spec.Runs![1];
        // 200 requests completed in 25 s → 1000 take 125 s; ms become seconds; median stands for p50.
        Assert.Equal(125, c8.TotalSeconds);
        Assert.Equal(0.09, c8.MeanTtftSeconds!.Value, 9);
        Assert.Equal(0.0873, c8.P50TtftSeconds!.Value, 9);
        Assert.Equal(1.4, c8.P99LatencySeconds!.Value, 9);
        Assert.Equal(64_000, c8.OutputTokens);
        Assert.Equal("vllm-bench-serve", benchmark.Spec.Benchmark!.Name);
    }

    [Fact]
    public void Guidellm_keeps_the_closed_loop_benchmarks()
    {
        var result = CliRunner.Run(["import", "guidellm", Fixture("guidellm-report.json"), .. Identity]);
        Assert.True(result.ExitCode == 0, result.Err);
        var benchmark = Load(result.Out);
        // synchronous → 1, concurrent streams 4 and 16; the throughput benchmark is not closed-loop and is left out.
        Assert.Equal([1, 4, 16], benchmark.Spec.Runs!.Select(r => r.Concurrency!.Value));
        var c4 = benchmark.Spec.Runs![1];
        Assert.Equal(160, c4.TotalSeconds);
        Assert.Equal(0.06, c4.MeanTtftSeconds!.Value, 9);
        Assert.Equal(0.64, c4.MeanLatencySeconds!.Value, 9);
        Assert.Equal(0.64 * 1.4, c4.P99LatencySeconds!.Value, 9);
    }

    [Fact]
    public void Lm_eval_sets_the_score_of_the_benchmarks_in_the_file()
    {
        var imported = CliRunner.Run(["import", "vllm", Fixture("vllm-c1.json"), .. Identity]);
        var file = _cli.File("bench.yaml", imported.Out);
        var output = _cli.PathOf("scored.yaml");
        var result = CliRunner.Run("import", "lm-eval", Fixture("lm-eval-results.json"), "--task", "gsm8k", "--metric", "exact_match,strict-match", "-f", file, "-o", output);
        Assert.True(result.ExitCode == 0, result.Err);
        var benchmark = Load(File.ReadAllText(output));
        Assert.Equal(0.762, benchmark.Spec.Benchmark!.Score);
        Assert.Equal("gsm8k", benchmark.Spec.Benchmark.Name);
        Assert.Equal(1000, benchmark.Spec.Benchmark.Requests);

        var printed = CliRunner.Run("import", "lm-eval", Fixture("lm-eval-results.json"), "--task", "arc_easy", "--metric", "acc");
        Assert.Equal("0.81", printed.Out.Trim());
    }

    [Theory]
    [InlineData("vllm", "vllm-no-duration.json", "vllm-no-duration.json: missing field duration")]
    [InlineData("guidellm", "guidellm-no-ttft.json", "guidellm-no-ttft.json: missing field benchmarks[2].metrics.time_to_first_token_ms")]
    [InlineData("guidellm", "vllm-c1.json", "vllm-c1.json: missing field benchmarks")]
    [InlineData("vllm", "guidellm-report.json", "guidellm-report.json: missing field max_concurrency")]
    public void A_partial_or_foreign_file_exits_2_naming_file_and_field(string tool, string fixture, string message)
    {
        var result = CliRunner.Run(["import", tool, Fixture(fixture), .. Identity]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.Contains(message, line);
    }

    [Fact]
    public void Lm_eval_names_the_missing_task_and_metric()
    {
        var task = CliRunner.Run("import", "lm-eval", Fixture("lm-eval-results.json"), "--task", "mmlu", "--metric", "acc");
        Assert.Equal(2, task.ExitCode);
        Assert.Contains("missing field results.mmlu (tasks in the file: gsm8k, arc_easy)", task.Err);
        var metric = CliRunner.Run("import", "lm-eval", Fixture("lm-eval-results.json"), "--task", "gsm8k", "--metric", "exact_match");
        Assert.Equal(2, metric.ExitCode);
        Assert.Contains("missing field results.gsm8k.exact_match", metric.Err);
    }
}
