using System.Globalization;
using Frontier.Api.Benchmarks;
using Frontier.Bench.Import;
using k8s;
using k8s.Models;

namespace Frontier.Bench;

/// <summary>
/// Turns measured levels into a ModelBenchmark. Each level becomes one run: totalSeconds is the time the benchmark's
/// workload (<see cref="BenchmarkIdentity.Requests"/> requests) takes at the measured throughput, as the paper times a
/// whole workload at a fixed concurrency; TTFT and latency are the means and percentiles of the successful
/// requests; outputTokens is the workload's tokens at the measured mean per request.
/// </summary>
public static class BenchmarkDocument
{
    /// <summary>Annotation listing levels with more than 5% failed requests, e.g. <c>64: 7.5% failed (ServerError 15)</c>.</summary>
    public const string ErrorsAnnotation = "frontier.dev/bench-errors";

    /// <summary>Annotation present when the sweep was interrupted; says what is missing.</summary>
    public const string IncompleteAnnotation = "frontier.dev/bench-incomplete";

    /// <summary>The ModelBenchmark for <paramref name="sweep"/>; levels with no successful request are left out.</summary>
    public static ModelBenchmark Build(BenchmarkIdentity identity, SweepResult sweep, IReadOnlyList<LevelPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(plans);
        var usable = sweep.Levels.Where(l => l.Succeeded > 0).ToList();
        var benchmark = Empty(identity);
        benchmark.Spec.Runs = [.. usable.Select(l => Run(l, identity.Requests))];
        var annotations = new Dictionary<string, string>();
        var flagged = usable.Where(l => l.Flagged).ToList();
        if (flagged.Count > 0) annotations[ErrorsAnnotation] = string.Join("; ", flagged.Select(Describe));
        if (sweep.Interrupted) annotations[IncompleteAnnotation] = Missing(sweep, plans);
        if (annotations.Count > 0) benchmark.Metadata.Annotations = annotations;
        return benchmark;
    }

    /// <summary>
    /// The ModelBenchmark for runs another tool measured, one per concurrency (sorted): totalSeconds is that run's
    /// duration scaled from its completed requests to <see cref="BenchmarkIdentity.Requests"/>, and so are its output tokens.
    /// </summary>
    public static ModelBenchmark FromImported(BenchmarkIdentity identity, IReadOnlyList<ImportedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(runs);
        var benchmark = Empty(identity);
        benchmark.Spec.Runs = [.. runs.OrderBy(r => r.Concurrency).Select(r => new BenchmarkRunSpec
        {
            Concurrency = r.Concurrency,
            TotalSeconds = Round(r.DurationSeconds * identity.Requests / r.Completed),
            MeanTtftSeconds = Round(r.Ttft.Mean),
            MeanLatencySeconds = Round(r.Latency.Mean),
            OutputTokens = r.OutputTokens is { } t ? (long)Math.Round(t * identity.Requests / r.Completed) : null,
            P50TtftSeconds = Round(r.Ttft.P50),
            P90TtftSeconds = Round(r.Ttft.P90),
            P99TtftSeconds = Round(r.Ttft.P99),
            P50LatencySeconds = Round(r.Latency.P50),
            P90LatencySeconds = Round(r.Latency.P90),
            P99LatencySeconds = Round(r.Latency.P99),
        })];
        return benchmark;
    }

    /// <summary>The ModelBenchmark as YAML for <c>kubectl apply -f</c> and <c>frontier analyze -f</c>.</summary>
    public static string ToYaml(ModelBenchmark benchmark) => KubernetesYaml.Serialize(benchmark).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    /// <summary>A flagged level in words, e.g. <c>64: 7.5% failed (ServerError 15)</c>.</summary>
    public static string Describe(LevelResult level)
    {
        ArgumentNullException.ThrowIfNull(level);
        var kinds = string.Join(", ", level.ErrorsByKind.OrderBy(k => k.Key).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value}")));
        return string.Create(CultureInfo.InvariantCulture, $"{level.Concurrency}: {level.ErrorRate:0.#%} failed ({kinds})");
    }

    private static ModelBenchmark Empty(BenchmarkIdentity identity) => new()
    {
        ApiVersion = "frontier.dev/v1alpha1",
        Metadata = new V1ObjectMeta { Name = identity.Name, NamespaceProperty = identity.Namespace },
        Spec = new ModelBenchmarkSpec
        {
            Model = identity.Model,
            GpuProfile = identity.GpuProfile,
            Gpus = identity.Gpus,
            Benchmark = new BenchmarkScoreSpec { Name = identity.BenchmarkName, Requests = identity.Requests, Score = identity.Score },
        },
    };

    private static BenchmarkRunSpec Run(LevelResult level, int requests)
    {
        var ttft = level.Ttft;
        var latency = level.Latency;
        return new BenchmarkRunSpec
        {
            Concurrency = level.Concurrency,
            TotalSeconds = Round(requests / level.RequestsPerSecond),
            MeanTtftSeconds = Round(ttft?.Mean),
            MeanLatencySeconds = Round(latency?.Mean),
            OutputTokens = level.MeanOutputTokens is { } perRequest ? (long)Math.Round(perRequest * requests) : null,
            P50TtftSeconds = Round(ttft?.P50),
            P90TtftSeconds = Round(ttft?.P90),
            P99TtftSeconds = Round(ttft?.P99),
            P50LatencySeconds = Round(latency?.P50),
            P90LatencySeconds = Round(latency?.P90),
            P99LatencySeconds = Round(latency?.P99),
        };
    }

    private static string Missing(SweepResult sweep, IReadOnlyList<LevelPlan> plans)
    {
        var last = sweep.Levels.Count > 0 ? sweep.Levels[^1] : null;
        var partial = last is { Complete: false } ? string.Create(CultureInfo.InvariantCulture, $"concurrency {last.Concurrency} stopped after {last.Samples.Count} requests; ") : string.Empty;
        var done = sweep.Levels.Where(l => l.Complete).Select(l => l.Concurrency).ToHashSet();
        var notRun = plans.Where(p => !done.Contains(p.Concurrency) && p.Concurrency != last?.Concurrency).Select(p => p.Concurrency.ToString(CultureInfo.InvariantCulture)).ToList();
        return $"interrupted: {partial}{(notRun.Count == 0 ? "no level left unrun" : "not run: " + string.Join(", ", notRun))}";
    }

    /// <summary>Six significant figures: enough for any analysis, short enough to read.</summary>
    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;
}
