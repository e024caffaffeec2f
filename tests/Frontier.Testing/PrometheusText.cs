using System.Globalization;
using System.Text;

namespace Frontier.Testing;

/// <summary>One sample of a Prometheus text exposition: metric name, labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Whether every label in <paramref name="match"/> has that value here.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? match) =>
        match is null || match.All(kv => Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}

/// <summary>
/// Reads what a /metrics endpoint serves (the text format 0.0.4: <c>name{a="b",c="d"} value [timestamp]</c>), enough to
/// sum a counter over some of its labels in a test. Comments and blank lines are skipped; a line that does not parse throws.
/// </summary>
public static class PrometheusText
{
    /// <summary>Every sample in <paramref name="exposition"/>.</summary>
    /// <exception cref="FormatException">A sample line does not parse.</exception>
    public static IReadOnlyList<PrometheusSample> Parse(string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var samples = new List<PrometheusSample>();
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line));
        }
        return samples;
    }

    /// <summary>The samples of metric <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static IEnumerable<PrometheusSample> Samples(string exposition, string name, IReadOnlyDictionary<string, string>? labels = null) =>
        Parse(exposition).Where(s => s.Name == name && s.Matches(labels));

    /// <summary>The sum of metric <paramref name="name"/> over the samples whose labels include <paramref name="labels"/>; 0 when there is none.</summary>
    public static double Sum(string exposition, string name, IReadOnlyDictionary<string, string>? labels = null) =>
        Samples(exposition, name, labels).Sum(s => s.Value);

    private static PrometheusSample ParseLine(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ' && line[i] != '\t') i++;
        var name = line[..i];
        if (name.Length == 0) throw new FormatException($"no metric name in '{line}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && (line[i] == ' ' || line[i] == ',')) i++;
                if (i >= line.Length) throw new FormatException($"unterminated labels in '{line}'");
                if (line[i] == '}')
                {
                    i++;
                    break;
                }
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') throw new FormatException($"bad label in '{line}'");
                var key = line[i..eq].Trim();
                i = eq + 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length) throw new FormatException($"unterminated label value in '{line}'");
                    var c = line[i++];
                    if (c == '"') break;
                    if (c == '\\' && i < line.Length)
                    {
                        var escaped = line[i++];
                        value.Append(escaped switch { 'n' => '\n', _ => escaped });
                        continue;
                    }
                    value.Append(c);
                }
                labels[key] = value.ToString();
            }
        }
        var rest = line[i..].Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0) throw new FormatException($"no value in '{line}'");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
