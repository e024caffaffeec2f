using System.CommandLine;
using System.CommandLine.Parsing;

namespace Frontier.Cli.Commands;

/// <summary>
/// Turns what System.CommandLine found wrong with a command line into the CLI's messages, one line per problem,
/// each naming the option or word at fault. The kind of problem is read from the parse state (which option, how
/// often it was given, whether it has a value), never from the library's message text.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The problems with <paramref name="result"/>'s command line, one message each; empty when it parsed cleanly.</summary>
    public static IReadOnlyList<string> Of(ParseResult result)
    {
        var swallowed = SwallowedOptionNames(result);
        return [.. ReportedErrors(result, swallowed).Concat(UnplacedWords(result, swallowed)).Distinct()];
    }

    /// <summary>The errors the parser recorded against options (and anything else it found), in the CLI's words.</summary>
    private static IEnumerable<string> ReportedErrors(ParseResult result, HashSet<string> swallowed)
    {
        foreach (var error in result.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult option when WasSwallowed(option, swallowed):
                    break;
                case OptionResult option:
                    yield return OptionProblem(option) ?? error.Message;
                    break;
                case CommandResult when result.UnmatchedTokens.Count > 0:
                    // The parser's "unrecognized" errors, one per unplaced word: said by UnplacedWords.
                    break;
                default:
                    yield return error.Message;
                    break;
            }
        }
    }

    /// <summary>Words the parser could not place: unknown options and commands, stray arguments.</summary>
    private static IEnumerable<string> UnplacedWords(ParseResult result, HashSet<string> swallowed)
    {
        var unknownOptions = result.UnmatchedTokens.Where(w => w.StartsWith('-')).ToHashSet(StringComparer.Ordinal);
        var valueTakers = unknownOptions.Union(swallowed).ToHashSet(StringComparer.Ordinal);
        return result.UnmatchedTokens
            .Where(word => unknownOptions.Contains(word) || !FollowsAnyOf(result, word, valueTakers))
            .Select(word => UnknownWord(result.CommandResult, word, result.CommandResult.Command.Subcommands));
    }

    /// <summary>
    /// Option names another option took as its value (<c>--route --demand 1</c>): the parser gives an option the
    /// next word whatever it is. That option already reports "needs a value"; the one swallowed was still given.
    /// </summary>
    private static HashSet<string> SwallowedOptionNames(ParseResult result)
    {
        var options = result.CommandResult.Command.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        return result.CommandResult.Children.OfType<OptionResult>()
            .SelectMany(o => o.Tokens).Select(t => t.Value).Where(options.Contains).ToHashSet(StringComparer.Ordinal);
    }

    private static bool WasSwallowed(OptionResult option, HashSet<string> swallowed) =>
        option.IdentifierTokenCount == 0 && option.Option.Aliases.Append(option.Option.Name).Any(swallowed.Contains);

    /// <summary>
    /// Whether <paramref name="word"/> comes right after one of <paramref name="names"/> on the command line: then it
    /// is that (unknown or swallowed) option's value, part of the problem already said rather than one of its own.
    /// </summary>
    private static bool FollowsAnyOf(ParseResult result, string word, HashSet<string> names)
    {
        var tokens = result.Tokens;
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Value == word && names.Contains(tokens[i - 1].Value)) return true;
        }
        return false;
    }

    /// <summary>Problems the parser detects itself; null when the error came from the option's own parser.</summary>
    private static string? OptionProblem(OptionResult result)
    {
        var option = result.Option;
        if (result.IdentifierTokenCount == 0 && option.Required) return $"{option.Name} is required: {option.Description}";
        if (result.IdentifierTokenCount > 1 && option.Arity.MaximumNumberOfValues == 1)
            return $"{option.Name} is given {result.IdentifierTokenCount} times; give it once";
        if (result.Tokens.Count == 0 && option.Arity.MinimumNumberOfValues > 0) return $"{option.Name} needs a value";
        return null;
    }

    /// <summary>
    /// The message for a <paramref name="word"/> that has no place after the command at <paramref name="at"/>: an
    /// unknown option, an unknown command when <paramref name="commands"/> could have been given there, or a stray argument.
    /// </summary>
    public static string UnknownWord(CommandResult at, string word, IEnumerable<Command> commands)
    {
        if (word.StartsWith('-')) return $"unknown option '{word}'; run '{FrontierCli.PathOf(at)} --help' for its options";
        var names = commands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (names.Count == 0) return $"unexpected argument '{word}'";
        var expected = names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
        return $"unknown command '{word}'; expected {expected}";
    }
}
