using System.Text.Json;
using System.Text.Json.Nodes;
using Frontier.Testing;

namespace Frontier.EndToEnd.Tests;

/// <summary>
/// Runs every query of the chart's Grafana dashboard against the closed loop's Prometheus (which scrapes the gateway
/// and the operator), for the loop's route. A query fails the check when Prometheus refuses it, when it names a metric
/// neither program declares on /metrics (a typo), or when it returns no data although the loop produced what it shows.
/// Queries of things a healthy loop never produces (429s, 5xx, backend failures, reconcile errors) may be empty.
/// </summary>
internal static class DashboardCheck
{
    private static readonly string[] MayBeEmpty = ["code=\"429\"", "code=~\"5..\"", "result=\"error\"", "frontier_gateway_backend_failures_total"];

    /// <summary>The problems found (empty when every panel works) and one line per query for the test output.</summary>
    public static async Task<(List<string> Problems, List<string> Lines)> RunAsync(ClosedLoopWorld world, string declaredMetrics)
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Dashboard.FilePath))!;
        var problems = new List<string>();
        var lines = new List<string>();
        foreach (var (what, expr) in Dashboard.Queries(dashboard))
        {
            var query = Dashboard.Fill(expr, world.RouteKey, "30s");
            foreach (var name in Dashboard.MetricNames(query).Where(n => !Declared(declaredMetrics, n)))
                problems.Add($"{what}: metric {name} is not declared by the gateway or the operator");
            using var answer = JsonDocument.Parse(await world.PrometheusQueryAsync(query));
            var root = answer.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                problems.Add($"{what}: Prometheus refused `{query}`: {root.GetProperty("error").GetString()}");
                continue;
            }
            var series = root.GetProperty("data").GetProperty("result").GetArrayLength();
            lines.Add($"{series,3} series  {what}");
            if (series == 0 && !MayBeEmpty.Any(m => query.Contains(m, StringComparison.Ordinal)))
                problems.Add($"{what}: no data for `{query}`");
        }
        return (problems, lines);
    }

    /// <summary>Whether an exposition declares <paramref name="name"/> (a histogram's _bucket/_sum/_count by its family).</summary>
    private static bool Declared(string exposition, string name)
    {
        foreach (var family in new[] { name, Trim(name, "_bucket"), Trim(name, "_sum"), Trim(name, "_count") })
            if (exposition.Contains($"# TYPE {family} ", StringComparison.Ordinal)) return true;
        return false;
    }

    private static string Trim(string name, string suffix) => name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
}
