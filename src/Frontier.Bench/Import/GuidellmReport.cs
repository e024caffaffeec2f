using System.Globalization;
using System.Text.Json;

namespace Frontier.Bench.Import;

/// <summary>
/// Reads a GuideLLM benchmarks report (<c>guidellm benchmark … --output-path report.json</c>, the
/// GenerativeBenchmarksReport schema): <c>benchmarks[]</c> whose <c>args.strategy.type_</c> is <c>concurrent</c>
/// (concurrency <c>streams</c>) or <c>synchronous</c> (concurrency 1); other strategies are not closed-loop and are
/// skipped. Per benchmark: <c>request_totals.successful</c>, <c>start_time</c>/<c>end_time</c>,
/// <c>metrics.time_to_first_token_ms.successful</c> and <c>metrics.request_latency.successful</c> (seconds) with
/// <c>mean</c>, <c>median</c> and <c>percentiles.p50/p90/p99</c>, and <c>metrics.output_token_count.successful.total_sum</c>.
/// </summary>
public static class GuidellmReport
{
    /// <summary>The closed-loop runs of <paramref name="file"/>; throws when it has none.</summary>
    public static IReadOnlyList<ImportedRun> Read(string file)
    {
        var fields = new JsonFields(file);
        using var document = fields.Parse();
        var benchmarks = fields.Need(document.RootElement, "benchmarks", string.Empty);
        if (benchmarks.ValueKind != JsonValueKind.Array) throw fields.Bad("benchmarks", "must be an array");
        var runs = new List<ImportedRun>();
        var index = 0;
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"benchmarks[{index++}]");
            var strategy = fields.Need(benchmark, "args.strategy.type_", at).GetString();
            int concurrency;
            if (strategy == "synchronous") concurrency = 1;
            else if (strategy == "concurrent") concurrency = (int)fields.Number(benchmark, "args.strategy.streams", at);
            else continue;
            runs.Add(Run(fields, benchmark, at, concurrency));
        }
        return runs.Count > 0 ? runs : throw new ImportException($"{file}: no benchmark with strategy concurrent or synchronous (the closed-loop ones frontier can use)");
    }

    private static ImportedRun Run(JsonFields fields, JsonElement benchmark, string at, int concurrency)
    {
        var completed = fields.Number(benchmark, "request_totals.successful", at);
        if (completed < 1) throw fields.Bad($"{at}.request_totals.successful", "must be ≥ 1: no request succeeded");
        var duration = fields.Number(benchmark, "end_time", at) - fields.Number(benchmark, "start_time", at);
        if (!(duration > 0)) throw fields.Bad($"{at}.end_time", "must be after start_time");
        return new ImportedRun(concurrency, (int)completed, duration,
            Figures(fields, fields.Need(benchmark, "metrics.time_to_first_token_ms.successful", at), $"{at}.metrics.time_to_first_token_ms.successful").FromMilliseconds(),
            Figures(fields, fields.Need(benchmark, "metrics.request_latency.successful", at), $"{at}.metrics.request_latency.successful"),
            fields.OptionalNumber(benchmark, "metrics.output_token_count.successful.total_sum", at));
    }

    private static ImportedFigures Figures(JsonFields fields, JsonElement summary, string at) => new(
        fields.Number(summary, "mean", at),
        fields.OptionalNumber(summary, "percentiles.p50", at) ?? fields.OptionalNumber(summary, "median", at),
        fields.OptionalNumber(summary, "percentiles.p90", at),
        fields.OptionalNumber(summary, "percentiles.p99", at));
}
