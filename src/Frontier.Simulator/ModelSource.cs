using Frontier.Api.GpuProfiles;
using Frontier.Api.Manifests;
using Frontier.Planning;
using Frontier.Economics.Cost;
using Frontier.Economics.Curves;

namespace Frontier.Simulator;

/// <summary>Where the simulated model's production curve comes from.</summary>
public static class ModelSource
{
    /// <summary>Served model name of the built-in curve.</summary>
    public const string DefaultModel = "sim-model";

    /// <summary>
    /// The built-in curve: X(c) = 20·c/(c+8) requests/s on one GPU at c = 1…128, TTFT 50 ms + 10 ms per
    /// request in flight. Latency is 0.45 s alone, 1.2 s at 16 in flight.
    /// </summary>
    public static BenchmarkData DefaultBenchmark()
    {
        const int requests = 1000;
        var runs = new List<BenchmarkRun>();
        for (var c = 1; c <= 128; c *= 2)
        {
            var x = 20.0 * c / (c + 8);
            runs.Add(new BenchmarkRun(c, requests / x, 0.05 + 0.01 * c, c / x));
        }
        return new BenchmarkData("sim-default", DefaultModel, 50, requests, 1, HourlyCost.Flat(1), runs);
    }

    /// <summary>
    /// The ModelBenchmark named <paramref name="name"/> in <paramref name="file"/>, priced with its
    /// GpuProfile when the file has it (the price does not matter to the simulator) or $1/GPU-hour.
    /// </summary>
    public static BenchmarkData Load(string file, string name)
    {
        var set = ManifestLoader.LoadFiles([file]);
        var benchmark = set.ModelBenchmarks.FirstOrDefault(b => b.Metadata.Name == name)
            ?? throw new ManifestException(
                $"{file}: no ModelBenchmark named '{name}' (found: {string.Join(", ", set.ModelBenchmarks.Select(b => b.Metadata.Name))})");
        var profile = (benchmark.Spec.GpuProfile is { } p ? set.FindGpuProfile(p) : null)
            ?? new GpuProfile { Spec = new GpuProfileSpec { HourlyPrice = 1 } };
        return EconomicsMapper.ToBenchmarkData(benchmark, profile);
    }
}
