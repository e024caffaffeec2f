using Frontier.Bench;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary>Progress as one line per level, for pipes and files (no escape codes).</summary>
internal sealed class BenchPlainProgress(TextWriter error) : IBenchProgress
{
    public void LevelStarted(LevelPlan plan) =>
        error.WriteLine(Invariant($"concurrency {plan.Concurrency}: {plan.WarmupRequests} warm-up, then {(plan.MeasuredRequests is { } n ? $"{n} requests" : $"{plan.MeasuredSeconds:0.###} s")}"));

    public void RequestMeasured()
    {
    }

    public void LevelFinished(LevelResult result) => error.WriteLine(BenchText.LevelLine(result));
}
