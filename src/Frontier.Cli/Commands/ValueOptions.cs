using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Frontier.Cli.Commands;

/// <summary>
/// Options that take one value, parsed strictly and with the CLI's messages: each names the option, says what it
/// wanted and echoes what it got, so a typo never silently changes a result. Giving such an option twice, or
/// without its value, is reported by <see cref="UsageErrors"/>.
/// </summary>
internal static class ValueOptions
{
    /// <summary>A finite number; <paramref name="rule"/> (e.g. "must be &gt; 0") is said when <paramref name="ok"/> refuses it.</summary>
    public static Option<double?> Number(string name, string valueName, string description, Func<double, bool>? ok = null, string? rule = null) => new(name)
    {
        Description = description,
        HelpName = valueName,
        CustomParser = result => Single(result, name) is { } text ? ParseNumber(result, name, text, ok, rule) : null,
    };

    /// <summary>A whole number; <paramref name="rule"/> is said when <paramref name="ok"/> refuses it.</summary>
    public static Option<int?> WholeNumber(string name, string valueName, string description, Func<int, bool> ok, string rule) => new(name)
    {
        Description = description,
        HelpName = valueName,
        CustomParser = result => Single(result, name) is { } text ? ParseWholeNumber(result, name, text, ok, rule) : null,
    };

    /// <summary>Free text, such as a name or a path.</summary>
    public static Option<string?> Text(string name, string valueName, string description) => new(name)
    {
        Description = description,
        HelpName = valueName,
        CustomParser = result => Single(result, name),
    };

    /// <summary>Free text that may be given several times (<c>-f a.yaml -f b.yaml</c>); every value is kept, in order.</summary>
    public static Option<string[]> Repeated(string name, string alias, string valueName, string description) => new(name, alias)
    {
        Description = description,
        HelpName = valueName,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => [.. result.Tokens.Select(t => Value(result, name, t.Value)).OfType<string>()],
    };

    /// <summary>One of the names of <typeparamref name="T"/>, in any case; help and completion offer them in lower case.</summary>
    public static Option<T?> Choice<T>(string name, string? alias, string description) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        var option = new Option<T?>(name, alias is null ? [] : [alias])
        {
            Description = description,
            HelpName = string.Join('|', names),
            CustomParser = result => Single(result, name) is { } text ? ParseChoice<T>(result, name, text, names) : null,
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>The one value given, or null (arity problems are left to the parser, which reports them).</summary>
    private static string? Single(ArgumentResult result, string name) =>
        result.Tokens.Count == 1 ? Value(result, name, result.Tokens[0].Value) : null;

    /// <summary>
    /// A value that is itself an option (<c>--route --demand 1</c>) means the value was left out: the parser would
    /// otherwise take "--demand" as the route's name.
    /// </summary>
    private static string? Value(ArgumentResult result, string name, string text)
    {
        if (!text.StartsWith("--", StringComparison.Ordinal)) return text;
        result.AddError($"{name} needs a value");
        return null;
    }

    private static double? ParseNumber(ArgumentResult result, string name, string text, Func<double, bool>? ok, string? rule)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return Refuse<double>(result, $"{name}: expected a number, got '{text}'");
        return ok is null || ok(value) ? value : Refuse<double>(result, $"{name} {rule}, got {text}");
    }

    private static int? ParseWholeNumber(ArgumentResult result, string name, string text, Func<int, bool> ok, string rule)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return Refuse<int>(result, $"{name}: expected a whole number, got '{text}'");
        return ok(value) ? value : Refuse<int>(result, $"{name} {rule}, got {text}");
    }

    private static T? ParseChoice<T>(ArgumentResult result, string name, string text, string[] names) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : Refuse<T>(result, $"{name} must be one of {string.Join(", ", names)}, got '{text}'");

    private static T? Refuse<T>(ArgumentResult result, string message) where T : struct
    {
        result.AddError(message);
        return null;
    }
}
