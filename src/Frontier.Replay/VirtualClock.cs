namespace Frontier.Replay;

/// <summary>The replay's clock: virtual seconds since the trace's start, moved only by the simulation.</summary>
internal sealed class VirtualClock : TimeProvider
{
    private static readonly DateTimeOffset Origin = new(2023, 11, 16, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seconds since the start of the replay.</summary>
    public double Now { get; private set; }

    /// <summary>Moves the clock forward to <paramref name="seconds"/> (never back).</summary>
    public void AdvanceTo(double seconds)
    {
        if (seconds > Now) Now = seconds;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Origin.AddTicks((long)(Now * TimeSpan.TicksPerSecond));

    /// <inheritdoc />
    public override long GetTimestamp() => (long)(Now * TimestampFrequency);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
