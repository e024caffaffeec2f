using System.Globalization;
using System.Text.RegularExpressions;

namespace Frontier.Operator.Reconcilers;

/// <summary>Parses the short durations used in specs: "500ms", "30s", "5m", "1h".</summary>
internal static partial class Durations
{
    [GeneratedRegex("^([0-9]+)(ms|s|m|h)$")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null) return false;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        var n = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        value = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
        return value > TimeSpan.Zero;
    }
}
