using System.CommandLine;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier import</c>: ModelBenchmarks from the results of tools people already run.</summary>
internal sealed class ImportCommand : Command
{
    public ImportCommand() : base("import", "write a ModelBenchmark from vLLM or GuideLLM results, or set its score from lm-evaluation-harness")
    {
        Subcommands.Add(new ImportVllmCommand());
        Subcommands.Add(new ImportGuidellmCommand());
        Subcommands.Add(new ImportLmEvalCommand());
    }
}
