namespace Frontier.Runtime;

/// <summary>Tuning for a <see cref="Controller"/>.</summary>
public sealed class ControllerOptions
{
    /// <summary>How many keys are reconciled concurrently (a key is never reconciled by two workers at once). Default 1.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Stopping the controller cancels in-flight reconciles at once; this is how long it then waits for them to return
    /// before abandoning them (and logging an error: a reconcile should honour its token). Default 10 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>If set, every primary key is queued again this often (a safety net for missed or external changes).</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>
    /// Skip updates that leave <c>metadata.generation</c> unchanged (status, labels, annotations): only spec changes,
    /// creations and deletions queue keys. Without it, a reconciler that writes its object's status queues itself
    /// again at once, in a loop. Objects without a generation always pass. Default true.
    /// </summary>
    public bool SkipUnchangedGeneration { get; init; } = true;

    /// <summary>Receives reconcile counts and durations. Default: none.</summary>
    public IControllerMetrics Metrics { get; init; } = NullControllerMetrics.Instance;

    /// <summary>Clock for durations, requeue delays and backoff. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
