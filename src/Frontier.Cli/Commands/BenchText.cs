using Frontier.Bench;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary>How bench describes a level in one line.</summary>
internal static class BenchText
{
    /// <summary>E.g. <c>concurrency 8: 200 requests in 10.2 s, 19.6 req/s, TTFT mean 0.120 s p99 0.150 s, latency mean 0.41 s p99 0.52 s</c>.</summary>
    public static string LevelLine(LevelResult l)
    {
        var ttft = l.Ttft is { } t ? Invariant($", TTFT mean {t.Mean:0.000} s p99 {t.P99:0.000} s") : string.Empty;
        var latency = l.Latency is { } d ? Invariant($", latency mean {d.Mean:0.000} s p99 {d.P99:0.000} s") : string.Empty;
        var errors = l.Failed == 0 ? string.Empty : l.Flagged ? $", FLAGGED {BenchmarkDocument.Describe(l)}" : Invariant($", {l.Failed} failed");
        var partial = l.Complete ? string.Empty : " (interrupted)";
        return Invariant($"concurrency {l.Concurrency}: {l.Samples.Count} requests in {l.WindowSeconds:0.0} s, {l.RequestsPerSecond:0.0} req/s{ttft}{latency}{errors}{partial}");
    }
}
