using Frontier.Gateway;
using Frontier.Testing;

namespace Frontier.EndToEnd.Tests;

/// <summary>How one candidate's share of a window's requests compares with the weights the gateway drew by.</summary>
/// <param name="Candidate">The candidate.</param>
/// <param name="Observed">Requests its simulator finished in the window (its own counter's increase).</param>
/// <param name="Expected">Σ over the window's requests of the candidate's weight share in the gateway's table when each was sent.</param>
/// <param name="StdDev">√Σ p(1−p): the spread of a weighted draw per request.</param>
/// <param name="EdgeSlack">Requests this candidate answered (or that failed) which were in flight while the counters were read at either
/// edge of the window: its counter may have taken them on either side of the edge.</param>
internal sealed record CandidateSplit(string Candidate, double Observed, double Expected, double StdDev, double EdgeSlack)
{
    /// <summary>Standard deviations allowed: a false alarm is then below 1e-5 per candidate and window.</summary>
    public const double Sigmas = 4.5;

    public double Bound => Sigmas * StdDev + EdgeSlack;

    public bool Holds => Math.Abs(Observed - Expected) <= Bound;

    public override string ToString() => FormattableString.Invariant(
        $"{Candidate}: observed {Observed:0} vs expected {Expected:0.0} (sd {StdDev:0.0}, edge slack {EdgeSlack:0}; |Δ| ≤ {Bound:0.0}) {(Holds ? "ok" : "OUT OF BOUNDS")}");
}

/// <summary>The split of a window of load across candidates against the weights in effect.</summary>
internal static class SplitCheck
{
    /// <param name="records">The generator's requests.</param>
    /// <param name="from">Window start (generator clock): the moment the counters were first read.</param>
    /// <param name="to">Window end: the moment they were read again.</param>
    /// <param name="observed">Each candidate's counter increase over the window.</param>
    /// <param name="edgeSlack">Per candidate, the requests that may be counted on the wrong side of an edge.</param>
    public static IReadOnlyList<CandidateSplit> Compare(IReadOnlyList<LoadRecord<RouteEntry>> records, double from, double to,
        IReadOnlyDictionary<string, double> observed, IReadOnlyDictionary<string, int> edgeSlack)
    {
        var window = records.Where(r => r.Sent >= from && r.Sent < to).ToList();
        return [.. observed.Select(kv =>
        {
            double expected = 0, variance = 0;
            foreach (var r in window)
            {
                var p = Share(r, kv.Key);
                expected += p;
                variance += p * (1 - p);
            }
            return new CandidateSplit(kv.Key, kv.Value, expected, Math.Sqrt(variance), edgeSlack[kv.Key]);
        })];
    }

    /// <summary>The probability the gateway's picker draws <paramref name="candidate"/> for this request: its weight over the
    /// sum of weights (equal shares when every weight is 0, as the picker does).</summary>
    public static double Share(LoadRecord<RouteEntry> record, string candidate)
    {
        var table = record.Context ?? throw new InvalidOperationException($"the request sent at {record.Sent:0.000}s has no routing table");
        var total = table.Candidates.Sum(c => c.Weight);
        if (total <= 0) return table.Candidates.Any(c => c.Name == candidate) ? 1.0 / table.Candidates.Length : 0;
        return table.Candidates.Where(c => c.Name == candidate).Sum(c => c.Weight) / total;
    }
}
