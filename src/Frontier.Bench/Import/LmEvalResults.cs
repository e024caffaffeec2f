using System.Text.Json;

namespace Frontier.Bench.Import;

/// <summary>
/// Reads a score from lm-evaluation-harness's results JSON: <c>results.&lt;task&gt;.&lt;metric&gt;,&lt;filter&gt;</c>
/// (e.g. <c>"acc,none": 0.71</c>); a metric given without a filter matches <c>metric,none</c>, then the only
/// <c>metric,*</c> key.
/// </summary>
public static class LmEvalResults
{
    /// <summary>The value of <paramref name="metric"/> for <paramref name="task"/> in <paramref name="file"/>.</summary>
    public static double Score(string file, string task, string metric)
    {
        var fields = new JsonFields(file);
        using var document = fields.Parse();
        var results = fields.Need(document.RootElement, "results", string.Empty);
        if (results.ValueKind != JsonValueKind.Object) throw fields.Bad("results", "must be an object of tasks");
        if (!results.TryGetProperty(task, out var scores) || scores.ValueKind != JsonValueKind.Object)
        {
            var tasks = string.Join(", ", results.EnumerateObject().Select(p => p.Name));
            throw new ImportException($"{file}: missing field results.{task} (tasks in the file: {(tasks.Length == 0 ? "none" : tasks)})");
        }
        var key = Key(scores, metric);
        if (key is null)
        {
            var metrics = string.Join(", ", scores.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).Select(p => p.Name));
            throw new ImportException($"{file}: missing field results.{task}.{metric} (metrics of {task}: {metrics})");
        }
        var value = scores.GetProperty(key);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var score) && double.IsFinite(score)
            ? score
            : throw fields.Bad($"results.{task}.{key}", "must be a number");
    }

    private static string? Key(JsonElement scores, string metric)
    {
        if (scores.TryGetProperty(metric, out _)) return metric;
        if (scores.TryGetProperty(metric + ",none", out _)) return metric + ",none";
        var filtered = scores.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith(metric + ",", StringComparison.Ordinal)).ToList();
        return filtered.Count == 1 ? filtered[0] : null;
    }
}
