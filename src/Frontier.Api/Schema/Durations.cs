using System.Globalization;
using System.Text.RegularExpressions;

namespace Frontier.Api.Schema;

/// <summary>Parses the short durations the CRD schema allows (<see cref="SchemaPatterns.Duration"/>): "500ms", "30s", "5m", "1h".
/// The operator reads spec fields with it and the gateway its duration flags, so both speak the same format.</summary>
public static partial class Durations
{
    [GeneratedRegex(SchemaPatterns.Duration)]
    private static partial Regex Pattern();

    /// <summary>The duration, or false when <paramref name="text"/> is not a positive one in that format.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null) return false;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        var unit = match.Groups[1].Value;
        var n = long.Parse(text[..^unit.Length], CultureInfo.InvariantCulture);
        value = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
        return value > TimeSpan.Zero;
    }
}
