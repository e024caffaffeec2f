using BenchmarkDotNet.Attributes;
using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Replay;
using Frontier.Traces;

namespace Frontier.Benchmarks;

/// <summary>
/// <c>frontier replay</c>'s simulation on the shipped hour of the Azure trace: every policy, against a trivial pass that
/// only reads the trace (the baseline, so the ratio says what the simulation costs on top of reading).
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private ManifestSet _set = null!;
    private ModelRoute _route = null!;

    [GlobalSetup]
    public void Setup()
    {
        _set = ManifestLoader.LoadFiles([SamplePath()]);
        _route = _set.FindRoute("chat")!;
    }

    /// <summary>Reads every request of the shipped hour once.</summary>
    [Benchmark(Baseline = true)]
    public long TrivialPassOverTheTrace()
    {
        long tokens = 0;
        foreach (var r in AzureTrace.ReadSample()) tokens += r.OutputTokens;
        return tokens;
    }

    /// <summary>The shipped hour through every policy (what <c>frontier replay --route chat</c> computes).</summary>
    [Benchmark]
    public int ReplayTheHourAllPolicies() =>
        TraceReplay.Run(_route, _set, ArrivalSource.Sample(), new ReplaySettings(), ReplayPolicy.All).Policies.Count;

    /// <summary>config/samples/paper-a800.yaml, found upwards from the benchmark's build output.</summary>
    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "config", "samples", "paper-a800.yaml");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("config/samples/paper-a800.yaml not found above " + AppContext.BaseDirectory);
    }
}
