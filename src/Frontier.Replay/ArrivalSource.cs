using Frontier.Traces;

namespace Frontier.Replay;

/// <summary>Where arrivals come from: re-opened for every pass (a pre-pass and one per policy), so nothing is held in memory.</summary>
/// <param name="Name">Names the source in reports and errors (a file, the shipped sample, a pattern).</param>
/// <param name="Open">Starts a fresh stream of the requests in arrival order.</param>
public sealed record ArrivalSource(string Name, Func<IEnumerable<TraceRequest>> Open)
{
    /// <summary>The shipped hour of the Azure LLM inference trace.</summary>
    public static ArrivalSource Sample() => new(AzureTrace.SampleName, AzureTrace.ReadSample);

    /// <summary>An Azure-format CSV file.</summary>
    public static ArrivalSource File(string path) => new(path, () => AzureTrace.ReadFile(path));

    /// <summary>A synthetic pattern (its arrivals are fixed by <paramref name="seed"/>).</summary>
    public static ArrivalSource Pattern(SyntheticPattern pattern, int seed)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new(pattern.Describe(), () => pattern.Generate(seed));
    }
}
