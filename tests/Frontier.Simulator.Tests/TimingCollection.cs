namespace Frontier.Simulator.Tests;

/// <summary>Tests that measure wall-clock latency run one at a time, alone, so other tests cannot skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
