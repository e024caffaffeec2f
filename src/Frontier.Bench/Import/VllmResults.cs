using System.Text.Json;

namespace Frontier.Bench.Import;

/// <summary>
/// Reads <c>vllm bench serve --save-result</c> JSON (also benchmarks/benchmark_serving.py): one file per
/// <c>--max-concurrency</c>. Needs <c>max_concurrency</c>, <c>completed</c> and <c>duration</c>; takes
/// <c>mean/median/p90/p99_ttft_ms</c> and <c>…_e2el_ms</c> (vLLM saves e2el only with <c>--percentile-metrics</c>
/// naming it, percentiles only those in <c>--metric-percentiles</c>) and <c>total_output_tokens</c> when present.
/// </summary>
public static class VllmResults
{
    /// <summary>The run saved in <paramref name="file"/>.</summary>
    public static ImportedRun Read(string file)
    {
        var fields = new JsonFields(file);
        using var document = fields.Parse();
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ImportException($"{file}: expected a JSON object as vllm bench serve --save-result writes");
        var concurrency = fields.Number(root, "max_concurrency", string.Empty);
        if (concurrency < 1 || concurrency != Math.Floor(concurrency)) throw fields.Bad("max_concurrency", $"must be a whole number ≥ 1, got {concurrency}");
        var completed = fields.Number(root, "completed", string.Empty);
        if (completed < 1) throw fields.Bad("completed", "must be ≥ 1: no request completed");
        var duration = fields.Number(root, "duration", string.Empty);
        if (!(duration > 0)) throw fields.Bad("duration", "must be > 0");
        return new ImportedRun((int)concurrency, (int)completed, duration, Figures(fields, root, "ttft"), Figures(fields, root, "e2el"),
            fields.OptionalNumber(root, "total_output_tokens", string.Empty));
    }

    private static ImportedFigures Figures(JsonFields fields, JsonElement root, string metric) => new ImportedFigures(
        fields.OptionalNumber(root, $"mean_{metric}_ms", string.Empty),
        fields.OptionalNumber(root, $"p50_{metric}_ms", string.Empty) ?? fields.OptionalNumber(root, $"median_{metric}_ms", string.Empty),
        fields.OptionalNumber(root, $"p90_{metric}_ms", string.Empty),
        fields.OptionalNumber(root, $"p99_{metric}_ms", string.Empty)).FromMilliseconds();
}
