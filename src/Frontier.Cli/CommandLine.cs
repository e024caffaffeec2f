using System.Globalization;

namespace Frontier.Cli;

/// <summary>
/// A small, strict parser: <c>--name value</c>, <c>--name=value</c>, repeatable options and flags.
/// Unknown options are errors, so a typo never silently changes a result.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CommandLine() { }

    /// <summary>Parses <paramref name="args"/> against the options the command accepts (long names, with aliases).</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> aliases, ISet<string> options)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-')) throw new UsageException($"unexpected argument '{arg}'");
            string name;
            string? value = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) { name = arg[..eq]; value = arg[(eq + 1)..]; }
            else name = arg;
            if (aliases.TryGetValue(name, out var canonical)) name = canonical;
            if (!options.Contains(name))
                throw new UsageException($"unknown option '{arg}'; run 'frontier help' for the options of each command");
            if (value is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                    throw new UsageException($"{name} needs a value");
                value = args[++i];
            }
            if (!line._values.TryGetValue(name, out var list)) line._values[name] = list = [];
            list.Add(value);
        }
        return line;
    }

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string? String(string name)
    {
        var all = All(name);
        if (all.Count > 1) throw new UsageException($"{name} is given {all.Count} times; give it once");
        return all.Count == 1 ? all[0] : null;
    }

    public double? Number(string name, Func<double, bool> ok, string rule)
    {
        if (String(name) is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new UsageException($"{name}: expected a number, got '{text}'");
        if (!ok(value)) throw new UsageException($"{name} {rule}, got {text}");
        return value;
    }

    public int? Integer(string name, Func<int, bool> ok, string rule)
    {
        if (String(name) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"{name}: expected a whole number, got '{text}'");
        if (!ok(value)) throw new UsageException($"{name} {rule}, got {text}");
        return value;
    }

    public T Choice<T>(string name, T fallback) where T : struct, Enum
    {
        if (String(name) is not { } text) return fallback;
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        throw new UsageException($"{name} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{text}'");
    }
}
