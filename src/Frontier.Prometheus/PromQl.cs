using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Frontier.Prometheus;

/// <summary>
/// Safe building of PromQL fragments: every label value is escaped and every metric and label name is checked
/// against Prometheus' name grammar, so values taken from Kubernetes objects cannot change the query's meaning.
/// </summary>
public static partial class PromQl
{
    /// <summary>Prometheus' metric name grammar: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (colons are legal, for example <c>vllm:num_requests_running</c>).</summary>
    public const string MetricNamePattern = "^[a-zA-Z_:][a-zA-Z0-9_:]*$";

    /// <summary>Prometheus' label name grammar: <c>[a-zA-Z_][a-zA-Z0-9_]*</c> (no colons).</summary>
    public const string LabelNamePattern = "^[a-zA-Z_][a-zA-Z0-9_]*$";

    [GeneratedRegex(MetricNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex MetricNameRegex();

    [GeneratedRegex(LabelNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex LabelNameRegex();

    /// <summary>Whether <paramref name="name"/> is a legal Prometheus metric name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns><see langword="true"/> when it matches <see cref="MetricNamePattern"/>.</returns>
    public static bool IsValidMetricName(string? name) => name is not null && MetricNameRegex().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> is a legal Prometheus label name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns><see langword="true"/> when it matches <see cref="LabelNamePattern"/>.</returns>
    public static bool IsValidLabelName(string? name) => name is not null && LabelNameRegex().IsMatch(name);

    /// <summary>Throws unless <paramref name="name"/> is a legal Prometheus metric name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="paramName">The argument name to report.</param>
    /// <returns><paramref name="name"/>.</returns>
    /// <exception cref="ArgumentException">The name is not legal; the message contains it.</exception>
    public static string ValidateMetricName(string? name, string paramName = "metric")
    {
        if (!IsValidMetricName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid Prometheus metric name: it must match {MetricNamePattern} (letters, digits, '_' and ':', not starting with a digit).",
                paramName);
        }

        return name!;
    }

    /// <summary>Throws unless <paramref name="name"/> is a legal Prometheus label name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="paramName">The argument name to report.</param>
    /// <returns><paramref name="name"/>.</returns>
    /// <exception cref="ArgumentException">The name is not legal; the message contains it.</exception>
    public static string ValidateLabelName(string? name, string paramName = "labels")
    {
        if (!IsValidLabelName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid Prometheus label name: it must match {LabelNamePattern} (letters, digits and '_', not starting with a digit; no ':').",
                paramName);
        }

        return name!;
    }

    /// <summary>
    /// Escapes a label value for a double-quoted PromQL string: backslash, double quote, newline (and carriage return)
    /// become <c>\\</c>, <c>\"</c>, <c>\n</c> (and <c>\r</c>). Everything else, including non-ASCII text, is kept.
    /// </summary>
    /// <param name="value">The raw label value.</param>
    /// <returns>The escaped text, without surrounding quotes.</returns>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\\\"\n\r") < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Builds the label-matcher list <c>{a="x",b="y"}</c> (equality matchers, in the given order); <c>""</c> when there are no labels.</summary>
    /// <param name="labels">Label names and raw values.</param>
    /// <returns>The matcher list, with braces.</returns>
    /// <exception cref="ArgumentException">A label name is invalid or repeated, or a value is null.</exception>
    public static string LabelMatchers(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            ValidateLabelName(name);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Label '{name}' appears more than once in the selector; give each label once.", nameof(labels));
            }

            if (value is null)
            {
                throw new ArgumentException($"Label '{name}' has a null value; use \"\" to match series without the label.", nameof(labels));
            }

            sb.Append(sb.Length == 0 ? "{" : ",").Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }

        return sb.Length == 0 ? string.Empty : sb.Append('}').ToString();
    }

    /// <summary>Builds an instant-vector selector <c>metric{a="x",b="y"}</c> with equality matchers, in the given order.</summary>
    /// <param name="metric">The metric name (colons allowed).</param>
    /// <param name="labels">Label names and raw (unescaped) values.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">The metric or a label name is invalid, or a label is repeated.</exception>
    public static string Selector(string metric, IEnumerable<KeyValuePair<string, string>> labels) =>
        ValidateMetricName(metric) + LabelMatchers(labels);

    /// <summary>Builds an instant-vector selector <c>metric{a="x",b="y"}</c> with equality matchers, in the given order.</summary>
    /// <param name="metric">The metric name (colons allowed).</param>
    /// <param name="labels">Label names and raw (unescaped) values.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">The metric or a label name is invalid, or a label is repeated.</exception>
    public static string Selector(string metric, params (string Name, string Value)[] labels) =>
        Selector(metric, (labels ?? []).Select(l => KeyValuePair.Create(l.Name, l.Value)));

    /// <summary>
    /// Builds <c>metric{a="x",label=~"v1|v2"}</c>: equality matchers for <paramref name="labels"/> and one regex matcher
    /// that matches exactly the given values of <paramref name="anyOfLabel"/> and nothing else (PromQL anchors
    /// <c>=~</c> at both ends; every regex metacharacter in a value is escaped, so <c>a.b</c> does not match <c>aXb</c>).
    /// </summary>
    /// <param name="metric">The metric name (colons allowed).</param>
    /// <param name="labels">Equality matchers: label names and raw values.</param>
    /// <param name="anyOfLabel">The label whose value must be one of <paramref name="anyOf"/>.</param>
    /// <param name="anyOf">The accepted values (raw, non-empty; duplicates are dropped, the order is made canonical).</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">A name is invalid or repeated, no value is given, or a value is empty.</exception>
    public static string SelectorMatchingAny(string metric, IEnumerable<KeyValuePair<string, string>> labels, string anyOfLabel, IEnumerable<string> anyOf)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(anyOf);
        ValidateLabelName(anyOfLabel, nameof(anyOfLabel));
        var equal = labels.ToList();
        if (equal.Any(l => l.Key == anyOfLabel))
        {
            throw new ArgumentException($"Label '{anyOfLabel}' is both an equality and the any-of matcher; give it once.", nameof(anyOfLabel));
        }

        var values = anyOf.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (values.Count == 0 || values.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"Give at least one non-empty value for '{anyOfLabel}' (an empty alternative would also match series without the label).", nameof(anyOf));
        }

        var regex = $"{anyOfLabel}=~\"{EscapeLabelValue(string.Join("|", values.Select(EscapeRegex)))}\"";
        var matchers = LabelMatchers(equal);
        return ValidateMetricName(metric) + (matchers.Length == 0 ? "{" + regex + "}" : matchers[..^1] + "," + regex + "}");
    }

    /// <summary>Escapes RE2's metacharacters so <paramref name="value"/> matches only itself.</summary>
    private static string EscapeRegex(string value)
    {
        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (RegexMetacharacters.Contains(c))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private const string RegexMetacharacters = "\\.+*?()|[]{}^$";

    /// <summary>Formats a duration as a PromQL duration in its largest whole unit: <c>1m</c>, <c>90s</c>, <c>2h</c>, <c>1d</c>, <c>250ms</c>.</summary>
    /// <param name="duration">A positive duration with whole milliseconds.</param>
    /// <returns>The PromQL duration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive or has sub-millisecond parts.</exception>
    public static string Duration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A PromQL duration must be positive and a whole number of milliseconds.");
        }

        var ms = duration.Ticks / TimeSpan.TicksPerMillisecond;
        (long Size, string Unit)[] units = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s")];
        foreach (var (size, unit) in units)
        {
            if (ms % size == 0)
            {
                return (ms / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>Builds <c>rate(selector[window])</c>.</summary>
    /// <param name="selector">An instant-vector selector, typically from <see cref="Selector(string, IEnumerable{KeyValuePair{string, string}})"/>.</param>
    /// <param name="window">The range; it should span at least a few scrape intervals.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">The selector is blank or already a range selector, or the window is not positive.</exception>
    public static string Rate(string selector, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        if (selector.TrimEnd().EndsWith(']'))
        {
            throw new ArgumentException($"'{selector}' already ends in a range; pass a plain selector and let Rate add [window].", nameof(selector));
        }

        return $"rate({selector}[{Duration(window)}])";
    }

    /// <summary>Builds <c>sum(expr)</c>, or <c>sum by (a, b) (expr)</c> when grouping labels are given.</summary>
    /// <param name="expr">The expression to aggregate.</param>
    /// <param name="by">Labels to keep; none to aggregate everything into one series.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">The expression is blank or a grouping label name is invalid.</exception>
    public static string Sum(string expr, params string[] by) => Aggregate("sum", expr, by);

    /// <summary>Builds <c>avg(expr)</c>, or <c>avg by (a, b) (expr)</c> when grouping labels are given.</summary>
    /// <param name="expr">The expression to aggregate.</param>
    /// <param name="by">Labels to keep; none to aggregate everything into one series.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">The expression is blank or a grouping label name is invalid.</exception>
    public static string Avg(string expr, params string[] by) => Aggregate("avg", expr, by);

    private static string Aggregate(string op, string expr, string[] by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expr);
        by ??= [];
        foreach (var label in by)
        {
            ValidateLabelName(label, nameof(by));
        }

        return by.Length == 0 ? $"{op}({expr})" : $"{op} by ({string.Join(", ", by)}) ({expr})";
    }
}
