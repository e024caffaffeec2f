using System.CommandLine;
using System.CommandLine.Parsing;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier help [COMMAND]</c>: the same help as <c>frontier [COMMAND] --help</c>.</summary>
internal sealed class HelpCommand : Command
{
    private readonly Argument<string?> _command = new("COMMAND")
    {
        Description = "the command to explain; without it, all of them",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public HelpCommand() : base("help", "show the help of frontier or of one command")
    {
        _command.CompletionSources.Add(context => Commands(context.ParseResult.RootCommandResult).Select(c => c.Name));
        _command.Validators.Add(RefuseUnknown);
        Arguments.Add(_command);
        SetAction(parsed => Write(parsed, parsed.GetValue(_command) is { } name ? [name] : []));
    }

    /// <summary>Writes the help of the command reached by <paramref name="path"/> (the root's when empty) to the output of <paramref name="parsed"/>.</summary>
    public static void Write(ParseResult parsed, params string[] path) =>
        parsed.RootCommandResult.Command.Parse([.. path, "--help"]).Invoke(parsed.InvocationConfiguration);

    private static IEnumerable<Command> Commands(CommandResult root) => root.Command.Subcommands;

    private static void RefuseUnknown(ArgumentResult result)
    {
        if (result.Tokens.Count == 0 || result.Parent is not CommandResult help) return;
        var root = help.Parent as CommandResult ?? help;
        var name = result.Tokens[0].Value;
        if (!Commands(root).Any(c => c.Name == name)) result.AddError(UsageErrors.UnknownWord(help, name, Commands(root)));
    }
}
