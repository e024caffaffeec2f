namespace Frontier.Replay;

/// <summary>The arrivals every policy saw.</summary>
/// <param name="Source">The trace file, the shipped sample or the pattern.</param>
/// <param name="Requests">Arrivals after rate scaling (each policy's arrivals).</param>
/// <param name="DurationSeconds">From the first arrival to the last.</param>
/// <param name="SourceRequests">Requests in the source before scaling.</param>
/// <param name="RateScale">How the source's rate was multiplied.</param>
/// <param name="MeanRequestsPerSecond">Mean arrival rate after scaling.</param>
/// <param name="PeakRequestsPerSecond">The busiest control interval's rate after scaling.</param>
public sealed record TraceSummary(string Source, long Requests, double DurationSeconds, long SourceRequests, double RateScale,
    double MeanRequestsPerSecond, double PeakRequestsPerSecond);
