using Frontier.Bench;

namespace Frontier.Cli.Commands;

/// <summary>One level in <see cref="BenchReport"/>; seconds throughout.</summary>
internal sealed record BenchLevelReport(
    int Concurrency, int Requests, int Failed, double ErrorRate, bool Flagged, bool Complete, double WindowSeconds,
    double RequestsPerSecond, Distribution? Ttft, Distribution? Latency, double? MeanOutputTokens)
{
    public static BenchLevelReport From(LevelResult l) => new(
        l.Concurrency, l.Samples.Count, l.Failed, l.ErrorRate, l.Flagged, l.Complete, l.WindowSeconds, l.RequestsPerSecond, l.Ttft, l.Latency, l.MeanOutputTokens);
}
