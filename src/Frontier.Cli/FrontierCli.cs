using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Frontier.Api.Manifests;
using Frontier.Cli.Commands;

namespace Frontier.Cli;

/// <summary>
/// Entry point: builds the command tree, and is the one place that turns a bad command line or an expected failure
/// into a message on stderr and an exit code. Parsing, help and completion are System.CommandLine's.
/// </summary>
internal static class FrontierCli
{
    /// <summary>The program's name in messages and help, whatever host runs it.</summary>
    public const string Name = "frontier";

    /// <summary>An unexpected internal error (a bug); the message says so.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: command line, file, YAML or resource. The message names the file, the object and the field.</summary>
    public const int BadInput = 2;

    private const string Description = """
        frontier — cost-aware model routing on the cost–quality frontier (arXiv 2510.26136)

        Without -f, the embedded illustrative dataset shaped like the paper's 2×A800 table is used.
        Exit codes: 0 ok, 2 bad input (the message names the file, object and field), 1 internal error.
        Shell completion: dotnet-suggest (the [suggest] directive).
        """;

    /// <summary>The commands; adding one is its file under Commands/ plus a line here.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description)
        {
            new AnalyzeCommand(),
            new PlanCommand(),
            new CostCommand(),
            new ReplayCommand(),
            new CrdsCommand(),
            new StatusCommand(),
            new BenchCommand(),
            new ImportCommand(),
            new HelpCommand(),
        };
        // Alone, `frontier` shows the help and, as nothing was done, exits as for bad input.
        root.SetAction(parsed =>
        {
            HelpCommand.Write(parsed);
            return BadInput;
        });
        foreach (var option in root.Options)
        {
            if (option is HelpOption) option.Description = "show help and usage information";
            if (option is VersionOption) option.Description = "show the version";
        }
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = CreateRoot().Parse(args);
        var command = PathOf(parsed.CommandResult);

        // Help, version and [suggest] answer whatever else is on the line; everything else must parse cleanly.
        if (parsed.Action is not { ClearsParseErrors: true })
        {
            var problems = UsageErrors.Of(parsed);
            foreach (var problem in problems) stderr.WriteLine($"{command}: {problem}");
            if (problems.Count > 0) return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or ManifestException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{command}: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"{command}: internal error ({e.GetType().Name}): {e.Message}");
            if (Environment.GetEnvironmentVariable("FRONTIER_DEBUG") is "1") stderr.WriteLine(e);
            return InternalError;
        }
    }

    /// <summary>The command line as the user would type it to reach <paramref name="command"/>, e.g. "frontier plan".</summary>
    public static string PathOf(CommandResult command)
    {
        var names = new List<string>();
        for (var at = command; at.Parent is CommandResult parent; at = parent) names.Add(at.Command.Name);
        names.Add(Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
