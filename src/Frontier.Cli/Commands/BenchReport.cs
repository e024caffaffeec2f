using Frontier.Bench;

namespace Frontier.Cli.Commands;

/// <summary>What <c>frontier bench --output json</c> prints: the levels as measured, beside the ModelBenchmark file.</summary>
internal sealed record BenchReport(string File, bool Interrupted, IReadOnlyList<BenchLevelReport> Levels)
{
    public static BenchReport From(string file, SweepResult sweep) => new(file, sweep.Interrupted, [.. sweep.Levels.Select(BenchLevelReport.From)]);
}
