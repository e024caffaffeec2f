using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

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

    /// <summary>A duration setting: the CRDs' format ("500ms", "30s", "5m", "1h") or .NET's ("00:00:30"); positive.</summary>
    public static bool TryParseSetting(string? text, out TimeSpan value) =>
        TryParse(text, out value) || (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero);

    /// <summary>
    /// Rewrites the duration settings <paramref name="keys"/> of <paramref name="section"/> in .NET's format, so the
    /// configuration binder reads "30s" as well as "00:00:30". A value that is neither throws a
    /// <see cref="FormatException"/> naming the setting as the user wrote it (<c>Name</c>).
    /// </summary>
    public static void NormalizeSettings(IConfigurationSection section, params (string Key, string Name)[] keys)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (key, name) in keys)
        {
            var text = section[key];
            if (text is null) continue;
            if (!TryParseSetting(text, out var value))
                throw new FormatException($"{name}: '{text}' is not a positive duration; use e.g. 500ms, 30s, 5m or 1h");
            section[key] = value.ToString("c", CultureInfo.InvariantCulture);
        }
    }
}
