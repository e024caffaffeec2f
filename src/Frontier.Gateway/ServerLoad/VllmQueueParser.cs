using System.Globalization;

namespace Frontier.Gateway.ServerLoad;

/// <summary>
/// Reads <c>vllm:num_requests_running</c> and <c>vllm:num_requests_waiting</c> from a Prometheus text exposition
/// (format 0.0.4, and the OpenMetrics text vLLM may serve): one pass over the lines, without allocating; other metrics
/// are passed over by name (a longer name such as <c>vllm:num_requests_waiting_by_reason</c> is another metric).
/// Each metric is summed over its label sets (one per engine under data parallelism). Samples that are NaN, infinite
/// or do not parse are left out. Pure.
/// </summary>
public static class VllmQueueParser
{
    /// <summary>The gauge of requests in the running batch.</summary>
    public const string RunningMetric = "vllm:num_requests_running";

    /// <summary>The gauge of requests waiting for a slot.</summary>
    public const string WaitingMetric = "vllm:num_requests_waiting";

    /// <summary>The queue <paramref name="exposition"/> reports; null unless it has a usable sample of both metrics.</summary>
    public static ServerQueue? Parse(ReadOnlySpan<char> exposition)
    {
        double running = 0, waiting = 0;
        bool sawRunning = false, sawWaiting = false;
        foreach (var raw in exposition.EnumerateLines())
        {
            var line = raw.TrimStart(" \t");
            if (line.IsEmpty || line[0] == '#') continue;
            var isRunning = IsSampleOf(line, RunningMetric);
            if (!isRunning && !IsSampleOf(line, WaitingMetric)) continue;
            if (SampleValue(line[(isRunning ? RunningMetric : WaitingMetric).Length..]) is not { } value) continue;
            if (isRunning)
            {
                running += value;
                sawRunning = true;
            }
            else
            {
                waiting += value;
                sawWaiting = true;
            }
        }
        return sawRunning && sawWaiting ? new ServerQueue(running, waiting) : null;
    }

    /// <summary>Whether the line's metric name is exactly <paramref name="name"/> (followed by labels or blank).</summary>
    private static bool IsSampleOf(ReadOnlySpan<char> line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' ' or '\t';

    /// <summary>The finite value after the name: past the label set (quoted values may hold <c>}</c>, <c>\"</c> and
    /// <c>\\</c>), then the first token; a timestamp after it is ignored. Null when it does not parse.</summary>
    private static double? SampleValue(ReadOnlySpan<char> rest)
    {
        if (rest[0] == '{')
        {
            var end = LabelSetEnd(rest);
            if (end < 0) return null;
            rest = rest[(end + 1)..];
        }
        rest = rest.TrimStart(" \t");
        var token = rest.IndexOfAny(' ', '\t') is var blank and >= 0 ? rest[..blank] : rest.TrimEnd('\r');
        var ok = double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
        return ok && double.IsFinite(value) ? value : null;
    }

    /// <summary>Index of the <c>}</c> that closes the label set opened at 0; -1 when it is not closed on the line.</summary>
    private static int LabelSetEnd(ReadOnlySpan<char> text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\') i++; // \" \\ \n: the next character is part of the value
                else if (c == '"') quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == '}') return i;
        }
        return -1;
    }
}
