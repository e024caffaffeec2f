namespace Frontier.Bench.Tests;

/// <summary>The level's bookkeeping, fed completions directly: what counts, and when the level stops.</summary>
public sealed class LevelRunTests
{
    private static readonly RequestSample Ok = new(0.01, 0.02, 4, RequestErrorKind.None);

    [Fact]
    public void Warmup_is_not_measured_and_completions_after_the_last_measured_one_are_dropped()
    {
        var measured = 0;
        var level = new LevelRun(LevelPlan.Create(2, 2, 5, null), () => measured++, CancellationToken.None);
        var answers = Enumerable.Range(0, 10).Select(i => level.Completed(i % 2, Ok with { OutputTokens = i })).ToList();

        // Completions 1–2 warm up, 3–7 are measured; the 7th stops the level, and the ones that finished with it (the drain) are not kept.
        Assert.Equal([true, true, true, true, true, true, false, false, false, false], answers);
        Assert.True(level.Stop.IsCancellationRequested);
        var result = level.Result();
        Assert.True(result.Complete);
        Assert.Equal([2, 3, 4, 5, 6], result.Samples.Select(s => s.OutputTokens));
        Assert.Equal(5, measured);
        Assert.True(result.WindowSeconds > 0);
    }

    [Fact]
    public void An_interrupted_level_keeps_what_it_measured_and_says_it_is_incomplete()
    {
        using var interrupt = new CancellationTokenSource();
        var level = new LevelRun(LevelPlan.Create(1, 0, 100, null), null, interrupt.Token);
        level.Completed(0, Ok);
        level.Completed(0, Ok);
        interrupt.Cancel();
        var result = level.Result();
        Assert.False(result.Complete);
        Assert.Equal(2, result.Samples.Count);
    }
}
