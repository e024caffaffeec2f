namespace Frontier.Runtime;

/// <summary>Tuning for an <see cref="Informer{T}"/>.</summary>
public sealed class InformerOptions
{
    /// <summary>Reconnect when a watch delivers nothing (not even a bookmark) for this long. Default 5 minutes.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay after an error; doubles per consecutive error. Default 1 second.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest retry delay. Default 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for the watch timeout and backoff delays. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
