using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Frontier.Testing;

/// <summary>Reads a Grafana dashboard's panels and their PromQL, with Grafana's variables filled in for a test.</summary>
public static partial class Dashboard
{
    /// <summary>charts/frontier/files/frontier-dashboard.json</summary>
    public static string FilePath => Path.Combine(RepoPaths.RepoRoot, "charts", "frontier", "files", "frontier-dashboard.json");

    /// <summary>Every panel that is not a row.</summary>
    public static IEnumerable<JsonNode> Panels(JsonNode dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return dashboard["panels"]!.AsArray().Where(p => p!["type"]!.GetValue<string>() != "row").Select(p => p!);
    }

    /// <summary>Each target's query, named "panel title / legend".</summary>
    public static List<(string What, string Expr)> Queries(JsonNode dashboard) =>
        [.. Panels(dashboard).SelectMany(p => p["targets"]!.AsArray().Select(t =>
            ($"{p["title"]!.GetValue<string>()} / {t!["legendFormat"]?.GetValue<string>()}", t["expr"]!.GetValue<string>())))];

    /// <summary>The query with <c>$route</c> and Grafana's interval variables replaced.</summary>
    public static string Fill(string expr, string route, string rateInterval) =>
        expr.Replace("$route", route, StringComparison.Ordinal)
            .Replace("$__rate_interval", rateInterval, StringComparison.Ordinal)
            .Replace("$__interval", rateInterval, StringComparison.Ordinal);

    /// <summary>The metric names a query selects (every selector in the dashboard is written <c>name{...}</c>).</summary>
    public static IReadOnlyList<string> MetricNames(string expr) =>
        [.. MetricSelector().Matches(expr).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{")]
    private static partial Regex MetricSelector();
}
