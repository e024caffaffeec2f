using System.Globalization;
using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The operator's log when Prometheus is unreachable, with HttpClient's categories at the production default level
/// (Information): one warning line per route and pass naming the reason, and no stack trace for this expected failure.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class OperatorLogTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 180_000)]
    public async Task Prometheus_unreachable_is_one_warning_per_route_and_pass_without_a_stack_trace()
    {
        var bed = await TestBed.CreateAsync(cluster, "logs");
        var closed = $"http://127.0.0.1:{PortAllocator.FreeLoopbackPort()}/";
        await using var op = await OperatorProcess.StartAsync(cluster, "op-logs", bed.Namespace, closed,
            ["--Logging:LogLevel:System.Net.Http=Information"]);
        await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.Condition(r, "MetricsAvailable")?.Status == "False",
            TimeSpan.FromSeconds(60), "MetricsAvailable=False", () => op.LogTail);
        var window = TimeSpan.FromSeconds(12);
        await Task.Delay(window);

        var log = op.Log;
        output.WriteLine(string.Join('\n', log.TakeLast(40)));
        // The console formatter is single-line here, so a stack trace would show as "   at Frame" inside a line.
        var stack = log.Where(l => l.Contains("   at ", StringComparison.Ordinal)).ToList();
        Assert.True(stack.Count == 0, $"{stack.Count} stack-trace lines, e.g.\n{string.Join('\n', stack.Take(5))}");

        var route = $"{bed.Namespace}/chat";
        var warnings = log.Where(l => l.Contains("warn:", StringComparison.Ordinal) && l.Contains($"route {route} ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Contains("(Unreachable)", w, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains(closed, w, StringComparison.Ordinal));
        // At most one warning per pass: consecutive ones are about an interval apart, never two in one pass.
        var times = warnings.Select(w => TimeSpan.ParseExact(w[..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < times.Count; i++)
            Assert.True(times[i] - times[i - 1] > Interval / 2, $"two warnings {(times[i] - times[i - 1]).TotalMilliseconds:0} ms apart:\n{warnings[i - 1]}\n{warnings[i]}");
        Assert.InRange(times.Count(t => t >= times[^1] - window), 1, (int)(window / Interval) + 1);
    }
}
