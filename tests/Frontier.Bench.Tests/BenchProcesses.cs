namespace Frontier.Bench.Tests;

/// <summary>Tests that time real processes run one at a time, so they do not load each other's measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchProcesses
{
    public const string Name = "bench processes";
}
