using System.CommandLine;
using System.Globalization;
using Frontier.Api.Benchmarks;
using Frontier.Api.Manifests;
using Frontier.Bench;
using Frontier.Bench.Import;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier import lm-eval RESULTS.json --task T --metric M [-f BENCH.yaml]</c>: sets spec.benchmark.score.</summary>
internal sealed class ImportLmEvalCommand : Command
{
    private readonly Argument<string> _results = new("RESULTS.json") { Description = "lm-evaluation-harness results JSON" };
    private readonly Option<string?> _task = ValueOptions.Required(ValueOptions.Text("--task", "T", "the task, a key of results (e.g. gsm8k)"));
    private readonly Option<string?> _metric = ValueOptions.Required(ValueOptions.Text("--metric", "M", "the metric, e.g. acc or exact_match,strict-match (without a filter: M,none)"));
    private readonly Option<string?> _file = ValueOptions.Text("--file", "BENCH.yaml", "ModelBenchmarks whose spec.benchmark.score (and name, as T) to set; without it the score is printed");
    private readonly Option<string?> _out = BenchIdentityOptions.OutOption();

    public ImportLmEvalCommand() : base("lm-eval", "set spec.benchmark.score of ModelBenchmarks from an lm-evaluation-harness results.json")
    {
        _file.Aliases.Add("-f");
        Arguments.Add(_results);
        Options.Add(_task);
        Options.Add(_metric);
        Options.Add(_file);
        Options.Add(_out);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var task = parsed.GetValue(_task)!;
        var score = Imports.Read(() => LmEvalResults.Score(parsed.GetValue(_results)!, task, parsed.GetValue(_metric)!));
        if (parsed.GetValue(_file) is not { } file)
        {
            parsed.InvocationConfiguration.Output.WriteLine(score.ToString("R", CultureInfo.InvariantCulture));
            return;
        }
        if (!File.Exists(file)) throw new UsageException($"-f {file}: file not found");
        var set = ManifestLoader.LoadFiles([file], checkReferences: false);
        if (set.ModelBenchmarks.Count == 0) throw new UsageException($"-f {file}: no ModelBenchmark found");
        var documents = new List<string>();
        foreach (var benchmark in set.ModelBenchmarks)
        {
            benchmark.Spec.Benchmark ??= new BenchmarkScoreSpec();
            benchmark.Spec.Benchmark.Score = score;
            benchmark.Spec.Benchmark.Name = task;
            documents.Add(BenchmarkDocument.ToYaml(benchmark));
        }
        BenchIdentityOptions.Write(parsed, _out, string.Join("---\n", documents));
    }
}
