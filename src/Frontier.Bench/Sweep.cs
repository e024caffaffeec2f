namespace Frontier.Bench;

/// <summary>Runs the levels one after another on one generator; an interruption keeps what was measured so far.</summary>
public static class Sweep
{
    /// <summary>Runs <paramref name="plans"/> in order; stops after the level that <paramref name="cancellationToken"/> interrupted.</summary>
    public static async Task<SweepResult> RunAsync(
        LoadGenerator generator, IReadOnlyList<LevelPlan> plans, IReadOnlyList<WorkloadItem> workload, IBenchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(progress);
        var levels = new List<LevelResult>();
        foreach (var plan in plans)
        {
            if (cancellationToken.IsCancellationRequested) return new SweepResult(levels, Interrupted: true);
            progress.LevelStarted(plan);
            var level = await generator.RunLevelAsync(plan, workload, progress.RequestMeasured, cancellationToken).ConfigureAwait(false);
            progress.LevelFinished(level);
            if (level.Samples.Count > 0) levels.Add(level);
            if (!level.Complete) return new SweepResult(levels, Interrupted: true);
        }
        return new SweepResult(levels, Interrupted: false);
    }
}
