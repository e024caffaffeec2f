using System.CommandLine;
using Frontier.Bench.Import;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier import guidellm FILE</c>: the concurrent (and synchronous) benchmarks of a GuideLLM report.</summary>
internal sealed class ImportGuidellmCommand : Command
{
    private readonly Argument<string> _file = new("FILE") { Description = "a GuideLLM benchmarks report (JSON)" };
    private readonly BenchIdentityOptions _identity = new();

    public ImportGuidellmCommand() : base("guidellm", "a ModelBenchmark from a GuideLLM report's benchmarks of strategy concurrent (streams) or synchronous")
    {
        Arguments.Add(_file);
        _identity.AddTo(this);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var file = parsed.GetValue(_file)!;
        var runs = Imports.Read(() => GuidellmReport.Read(file));
        var duplicate = runs.GroupBy(r => r.Concurrency).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"{file}: concurrency {duplicate.Key} is measured by {duplicate.Count()} benchmarks; frontier keeps one run per level from an import");
        var identity = _identity.Identity(parsed, "guidellm", runs.Max(r => r.Completed));
        BenchIdentityOptions.Write(parsed, _identity.Out, Imports.Yaml(identity, runs));
    }
}
