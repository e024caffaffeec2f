namespace Frontier.Cli.Tests;

/// <summary>Every bad input ends with exit code 2 and one clear message naming the file, the object and the field.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static void AssertClean(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        foreach (var fragment in fragments) Assert.Contains(fragment, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("Exception", result.Err);
    }

    private CliRunner.Result AnalyzeFile(string content, string command = "analyze", params string[] extra)
    {
        var path = _cli.File("bad.yaml", content);
        return CliRunner.Run([command, "-f", path, .. extra]);
    }

    [Fact]
    public void Missing_file()
    {
        var path = _cli.PathOf("nope.yaml");
        AssertClean(CliRunner.Run("analyze", "-f", path), path, "file not found");
    }

    [Fact]
    public void Yaml_syntax_error_names_file_and_line()
    {
        var result = AnalyzeFile("apiVersion: frontier.dev/v1alpha1\nkind: GpuProfile\nmetadata: {name: x\nspec: [\n");
        AssertClean(result, "bad.yaml:", "not valid YAML");
    }

    [Fact]
    public void Unknown_kind_in_the_frontier_group()
    {
        AssertClean(AnalyzeFile(Manifests.Profile.Replace("kind: GpuProfile", "kind: GpuProfiel")), "bad.yaml:1", "unknown kind GpuProfiel", "GpuProfile, ModelBenchmark, ModelRoute");
    }

    [Fact]
    public void Negative_seconds_name_file_line_object_and_field()
    {
        var result = AnalyzeFile(Manifests.All(benchmark: Manifests.Benchmark.Replace("totalSeconds: 600", "totalSeconds: -600")));
        AssertClean(result, "bad.yaml:", "ModelBenchmark/default/small", "spec.runs[1].totalSeconds", "must be > 0", "-600");
    }

    [Fact]
    public void Zero_gpus()
    {
        AssertClean(AnalyzeFile(Manifests.All(benchmark: Manifests.Benchmark.Replace("gpus: 2", "gpus: 0"))), "ModelBenchmark/default/small", "spec.gpus", "must be ≥ 1");
    }

    [Fact]
    public void Zero_requests()
    {
        AssertClean(AnalyzeFile(Manifests.All(benchmark: Manifests.Benchmark.Replace("requests: 1000", "requests: 0"))), "spec.benchmark.requests", "must be ≥ 1");
    }

    [Fact]
    public void Utilization_above_one_in_a_file()
    {
        var result = AnalyzeFile(Manifests.All(profile: Manifests.Profile.Replace("utilization: 0.7", "utilization: 1.4")));
        AssertClean(result, "bad.yaml:", "GpuProfile/a800", "spec.tco.utilization", "(0, 1]", "1.4");
    }

    [Fact]
    public void Utilization_above_one_on_the_command_line()
    {
        AssertClean(CliRunner.Run("cost", "--utilization", "1.5"), "--utilization", "(0, 1]");
    }

    [Fact]
    public void Both_price_forms_on_a_profile()
    {
        AssertClean(AnalyzeFile(Manifests.All(profile: Manifests.Profile.Replace("spec:\n", "spec:\n  hourlyPrice: 2\n"))), "GpuProfile/a800", "exactly one of spec.hourlyPrice");
    }

    [Fact]
    public void Candidate_naming_a_missing_benchmark()
    {
        var result = AnalyzeFile(Manifests.All(route: Manifests.Route.Replace("benchmark: small", "benchmark: large")), "plan", "--route", "r", "--demand", "1");
        AssertClean(result, "bad.yaml:", "ModelRoute/default/r", "spec.candidates[0].benchmark", "ModelBenchmark default/large not found");
    }

    [Fact]
    public void Benchmark_naming_a_missing_gpu_profile()
    {
        AssertClean(AnalyzeFile(Manifests.All(benchmark: Manifests.Benchmark.Replace("gpuProfile: a800", "gpuProfile: h100"))), "spec.gpuProfile", "GpuProfile h100 not found");
    }

    [Fact]
    public void Replica_bounds_inverted()
    {
        AssertClean(AnalyzeFile(Manifests.All(route: Manifests.Route.Replace("{min: 0, max: 3}", "{min: 4, max: 3}"))), "spec.candidates[0].replicas", "min (4) must be ≤ max (3)");
    }

    [Fact]
    public void Misspelt_field_is_named()
    {
        AssertClean(AnalyzeFile(Manifests.All(benchmark: Manifests.Benchmark.Replace("gpus: 2", "gpuz: 2"))), "bad.yaml:", "ModelBenchmark/small", "spec.gpuz", "unknown field");
    }

    [Fact]
    public void Text_where_a_number_belongs()
    {
        AssertClean(AnalyzeFile(Manifests.All(benchmark: Manifests.Benchmark.Replace("score: 70", "score: seventy"))), "bad.yaml:", "spec.benchmark.score", "expected a number");
    }

    [Fact]
    public void Unknown_objective()
    {
        AssertClean(AnalyzeFile(Manifests.All(route: Manifests.Route.Replace("model: chat", "model: chat\n  objective: Cheapest"))), "spec.objective", "MaxQuality, MinCost");
    }

    [Fact]
    public void Unknown_option_and_bad_numbers()
    {
        AssertClean(CliRunner.Run("analyze", "--max-tfft", "1"), "unknown option '--max-tfft'");
        AssertClean(CliRunner.Run("plan", "--route", "chat", "--demand", "abc"), "--demand", "expected a number", "abc");
        AssertClean(CliRunner.Run("plan", "--route", "chat", "--demand", "-1"), "--demand must be ≥ 0");
        AssertClean(CliRunner.Run("plan", "--route", "chat", "--demand", "1", "--budget", "0"), "--budget must be > 0");
        AssertClean(CliRunner.Run("plan", "--demand", "1"), "--route is required");
        AssertClean(CliRunner.Run("plan", "--route", "nope", "--demand", "1"), "--route nope", "default/chat");
        AssertClean(CliRunner.Run("analyze", "--output", "xml"), "--output must be one of table, json");
        AssertClean(CliRunner.Run("analyze", "--plot", _cli.PathOf("x.gif")), "--plot", ".png");
    }

    [Fact]
    public void Unknown_command()
    {
        AssertClean(CliRunner.Run("analyse"), "unknown command 'analyse'");
    }

    [Fact]
    public void An_apiVersion_that_is_not_served()
    {
        AssertClean(AnalyzeFile(Manifests.All(profile: Manifests.Profile.Replace("frontier.dev/v1alpha1", "frontier.dev/v1"))), "bad.yaml:1", "GpuProfile", "apiVersion frontier.dev/v1 is not served", "frontier.dev/v1alpha1");
    }

    [Fact]
    public void A_frontier_kind_without_apiVersion()
    {
        AssertClean(AnalyzeFile(Manifests.All(profile: Manifests.Profile.Replace("apiVersion: frontier.dev/v1alpha1\n", ""))), "bad.yaml:1", "GpuProfile: apiVersion is required");
    }

    [Fact]
    public void A_missing_metadata_name()
    {
        AssertClean(AnalyzeFile(Manifests.All(profile: Manifests.Profile.Replace("  name: a800\n", "  labels: {}\n"))), "bad.yaml:1", "GpuProfile: metadata.name is required");
    }

    [Fact]
    public void The_same_object_twice()
    {
        AssertClean(AnalyzeFile(Manifests.All() + "---\n" + Manifests.Benchmark + "\n"), "bad.yaml:", "ModelBenchmark/default/small is defined more than once");
    }

    [Fact]
    public void A_document_that_is_not_a_mapping()
    {
        AssertClean(AnalyzeFile("- just\n- a list\n"), "bad.yaml:1", "must be a mapping with apiVersion, kind and metadata");
    }

    [Fact]
    public void Analyze_without_any_benchmark()
    {
        AssertClean(AnalyzeFile(Manifests.Profile + "\n"), "bad.yaml", "no ModelBenchmark found");
    }

    [Fact]
    public void Cost_options_that_do_not_fit_together()
    {
        AssertClean(CliRunner.Run("cost", "--profile", "a800"), "--profile needs -f FILE");
        AssertClean(CliRunner.Run("cost", "--hourly-price", "2", "--purchase-price", "1000"), "--hourly-price is a quoted price", "--purchase-price");
        var flat = _cli.File("flat.yaml", "apiVersion: frontier.dev/v1alpha1\nkind: GpuProfile\nmetadata: {name: cloud}\nspec: {hourlyPrice: 2}\n");
        AssertClean(CliRunner.Run("cost", "-f", flat, "--pue", "1.2"), "GpuProfile cloud is a quoted hourlyPrice", "--pue");
        AssertClean(CliRunner.Run("cost", "-f", flat, "--profile", "nope"), "--profile nope: no GpuProfile of that name");
        AssertClean(CliRunner.Run("cost", "--gpus", "0"), "--gpus must be ≥ 1");
        AssertClean(CliRunner.Run("cost", "--gpus", "two"), "--gpus: expected a whole number", "two");
    }

    [Fact]
    public void Malformed_options()
    {
        AssertClean(CliRunner.Run("analyze", "--zone-tolerance", "-1"), "--zone-tolerance must be ≥ 0");
        AssertClean(CliRunner.Run("plan", "--route", "chat", "--demand", "1", "--demand", "2"), "--demand is given 2 times");
        AssertClean(CliRunner.Run("plan", "--demand", "1", "--route"), "--route needs a value");
        AssertClean(CliRunner.Run("plan", "--route", "other/chat", "--demand", "1"), "--route other/chat", "no ModelRoute of that name");
        AssertClean(CliRunner.Run("analyze", "stray"), "unexpected argument 'stray'");
    }

    [Fact]
    public void A_plot_into_a_missing_folder()
    {
        AssertClean(CliRunner.Run("analyze", "--plot", _cli.PathOf("no/such/folder/plot.png")), "frontier analyze:", "no/such/folder");
    }
}
