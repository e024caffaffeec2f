using System.Globalization;

namespace Frontier.Bench.Tests;

/// <summary>
/// The curve the simulator follows in the accuracy tests: 100 requests take 50, 20 and 10 s at concurrency 1, 4 and 16
/// (2, 5 and 10 req/s), with mean TTFT 0.2, 0.3 and 0.8 s; the simulator runs it at <see cref="TimeScale"/>.
/// </summary>
internal static class BenchCurve
{
    public const double TimeScale = 0.4;
    public const string Name = "curve";
    public const string ServedModel = "curve-model";
    public const string Profile = "test-gpu";

    /// <summary>Concurrency → (requests per second, TTFT seconds), unscaled.</summary>
    public static readonly IReadOnlyDictionary<int, (double Rps, double Ttft)> Points = new Dictionary<int, (double, double)>
    {
        [1] = (100 / 50.0, 0.2),
        [4] = (100 / 20.0, 0.3),
        [16] = (100 / 10.0, 0.8),
    };

    /// <summary>A GpuProfile and the ModelBenchmark of the curve.</summary>
    public static string Yaml => ProfileYaml + "---\n" + string.Join('\n',
        "apiVersion: frontier.dev/v1alpha1",
        "kind: ModelBenchmark",
        "metadata: {name: " + Name + ", namespace: default}",
        "spec:",
        "  model: " + ServedModel,
        "  gpuProfile: " + Profile,
        "  gpus: 1",
        "  benchmark: {name: test, requests: 100, score: 50}",
        "  runs:",
        string.Concat(Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"    - {{concurrency: {p.Key}, totalSeconds: {100 / p.Value.Rps}, meanTtftSeconds: {p.Value.Ttft}}}\n"))));

    /// <summary>Just the GpuProfile, for analyzing what bench wrote.</summary>
    public static string ProfileYaml => $"apiVersion: frontier.dev/v1alpha1\nkind: GpuProfile\nmetadata: {{name: {Profile}}}\nspec: {{hourlyPrice: 2}}\n";
}
