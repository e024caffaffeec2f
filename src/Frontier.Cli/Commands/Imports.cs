using Frontier.Api.Validation;
using Frontier.Bench;
using Frontier.Bench.Import;

namespace Frontier.Cli.Commands;

/// <summary>What every importer does the same way: file problems become exit 2, and the result is validated before it is written.</summary>
internal static class Imports
{
    /// <summary>Runs <paramref name="read"/>; an unreadable or partial file is bad input (exit 2) naming the file and field.</summary>
    public static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ImportException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The ModelBenchmark for <paramref name="runs"/> as YAML, after the same validation kubectl and analyze apply.</summary>
    public static string Yaml(BenchmarkIdentity identity, IReadOnlyList<ImportedRun> runs)
    {
        var benchmark = BenchmarkDocument.FromImported(identity, runs);
        var problems = SpecValidator.Validate(benchmark);
        if (problems.Count > 0) throw new UsageException($"the imported ModelBenchmark {identity.Name} is not valid: {problems[0].Field}: {problems[0].Message}");
        return BenchmarkDocument.ToYaml(benchmark);
    }
}
