using System.Globalization;
using System.Text.RegularExpressions;
using Frontier.Api.Schema;

namespace Frontier.Operator.Reconcilers;

/// <summary>Parses the short durations the CRD schema allows (<see cref="SchemaPatterns.Duration"/>): "500ms", "30s", "5m", "1h".</summary>
internal static partial class Durations
{
    [GeneratedRegex(SchemaPatterns.Duration)]
    private static partial Regex Pattern();

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
