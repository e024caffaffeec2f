using System.Globalization;
using Frontier.Api.Benchmarks;
using Frontier.Api.Manifests;
using Frontier.Testing;

namespace Frontier.Bench.Tests;

/// <summary>The built <c>frontier</c> command (frontier.dll beside the tests) in a temp folder of its own.</summary>
internal sealed class FrontierBench : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("frontier-bench-tests-").FullName;

    public static string Dll => DotnetAppProcess.BesideTests("frontier");

    public string PathOf(string name) => Path.Combine(_dir, name);

    public string File(string name, string content)
    {
        var path = PathOf(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>frontier ARGS</c> to its end (bounded).</summary>
    public static Task<ToolResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], timeout: timeout ?? TimeSpan.FromMinutes(3));

    /// <summary>The arguments of a bench run against <paramref name="url"/> writing to <paramref name="output"/>.</summary>
    public static string[] BenchArgs(string url, string model, string levels, int requests, string output, params string[] more) =>
    [
        "bench", "--url", url, "--model", model, "--concurrency", levels, "--requests", requests.ToString(CultureInfo.InvariantCulture),
        "--name", "measured", "--gpu-profile", BenchCurve.Profile, "--gpus", "1", "--synthetic", "input=16,output=16", "-o", output, .. more,
    ];

    /// <summary>The ModelBenchmark bench wrote, loaded (and so validated) with the curve's GpuProfile as analyze would.</summary>
    public ModelBenchmark Load(string output)
    {
        var set = ManifestLoader.LoadFiles([File("profile.yaml", BenchCurve.ProfileYaml), output]);
        return Assert.Single(set.ModelBenchmarks);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
