namespace Frontier.Replay;

/// <summary>The resolved settings one policy's run needs.</summary>
internal sealed record ReplayRunSettings(
    double IntervalSeconds,
    double StartupSeconds,
    double RateWindowSeconds,
    double QueueWaitSeconds,
    int Seed,
    double? BudgetPerHour,
    double? MaxTtftSeconds,
    double? MaxLatencySeconds,
    bool WarmStart = true);
