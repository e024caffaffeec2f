namespace Frontier.Runtime;

/// <summary>Tuning for an <see cref="Informer{T}"/>.</summary>
public sealed class InformerOptions
{
    /// <summary>
    /// Each watch asks the server to end it after this long (timeoutSeconds, plus up to 25 % jitter); the informer then
    /// resumes at once, without backoff. A watch silent for twice this long (not even a bookmark) is taken for a dead
    /// connection and resumed likewise. Default 5 minutes.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay after an error; doubles per consecutive error. Default 1 second.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest retry delay. Default 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for the watch timeout and backoff delays. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
