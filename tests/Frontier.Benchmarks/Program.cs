using BenchmarkDotNet.Running;

namespace Frontier.Benchmarks;

/// <summary>Entry point: pick benchmarks with the usual BenchmarkDotNet arguments (e.g. --filter '*PlanBenchmarks*').</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected by <paramref name="args"/>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
