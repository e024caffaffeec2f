namespace Frontier.Bench;

/// <summary>
/// One measured concurrency level. Throughput is the successful completions in the measuring window divided by its
/// length: the window runs from the warm-up's last completion to the last measured one, with the level's
/// concurrency in flight throughout (the drain after it is not measured).
/// </summary>
/// <param name="Concurrency">Requests kept in flight.</param>
/// <param name="Samples">The measured requests, in completion order.</param>
/// <param name="WindowSeconds">Length of the measuring window.</param>
/// <param name="Complete">False when the run was interrupted before the level's count or duration was reached.</param>
public sealed record LevelResult(int Concurrency, IReadOnlyList<RequestSample> Samples, double WindowSeconds, bool Complete)
{
    /// <summary>Share of failed requests above which a level is flagged (it is kept).</summary>
    public const double FlagErrorRate = 0.05;

    /// <summary>Requests that streamed to the end.</summary>
    public int Succeeded => Samples.Count(s => s.Succeeded);

    /// <summary>Requests that failed.</summary>
    public int Failed => Samples.Count - Succeeded;

    /// <summary>Failed / measured; 0 with no samples.</summary>
    public double ErrorRate => Samples.Count == 0 ? 0 : (double)Failed / Samples.Count;

    /// <summary>Whether more than <see cref="FlagErrorRate"/> of the requests failed.</summary>
    public bool Flagged => ErrorRate > FlagErrorRate;

    /// <summary>Failed requests by kind.</summary>
    public IReadOnlyDictionary<RequestErrorKind, int> ErrorsByKind =>
        Samples.Where(s => !s.Succeeded).GroupBy(s => s.Error).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Successful requests per second over the window; 0 when there were none.</summary>
    public double RequestsPerSecond => WindowSeconds > 0 ? Succeeded / WindowSeconds : 0;

    /// <summary>TTFT of the successful requests that produced text.</summary>
    public Distribution? Ttft => Distribution.Of(Samples.Where(s => s.Succeeded && !double.IsNaN(s.TtftSeconds)).Select(s => s.TtftSeconds));

    /// <summary>End-to-end latency of the successful requests.</summary>
    public Distribution? Latency => Distribution.Of(Samples.Where(s => s.Succeeded).Select(s => s.LatencySeconds));

    /// <summary>Mean output tokens of a successful request (from usage); null when the server reported none.</summary>
    public double? MeanOutputTokens
    {
        get
        {
            var ok = Samples.Where(s => s.Succeeded).ToList();
            return ok.Count == 0 || ok.All(s => s.OutputTokens == 0) ? null : ok.Average(s => s.OutputTokens);
        }
    }
}
