using System.CommandLine;
using Frontier.Bench;
using Frontier.Bench.Import;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier import vllm FILES...</c>: one <c>vllm bench serve --save-result</c> file per concurrency.</summary>
internal sealed class ImportVllmCommand : Command
{
    private readonly Argument<string[]> _files = new("FILES") { Description = "vllm bench serve --save-result JSON files, one per --max-concurrency", Arity = ArgumentArity.OneOrMore };
    private readonly BenchIdentityOptions _identity = new();

    public ImportVllmCommand() : base("vllm", "a ModelBenchmark from vllm bench serve --save-result files (max_concurrency, completed, duration, *_ttft_ms, *_e2el_ms)")
    {
        Arguments.Add(_files);
        _identity.AddTo(this);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var runs = new List<ImportedRun>();
        foreach (var file in parsed.GetValue(_files) ?? [])
        {
            var run = Imports.Read(() => VllmResults.Read(file));
            if (runs.FirstOrDefault(r => r.Concurrency == run.Concurrency) is not null)
                throw new UsageException($"{file}: max_concurrency {run.Concurrency} is in another file too; give one file per concurrency");
            runs.Add(run);
        }
        var identity = _identity.Identity(parsed, "vllm-bench-serve", runs.Max(r => r.Completed));
        BenchIdentityOptions.Write(parsed, _identity.Out, Imports.Yaml(identity, runs));
    }
}
