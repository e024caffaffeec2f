namespace Frontier.Operator.Hosting;

/// <summary>What /readyz reports: who this replica is and whether it leads.</summary>
internal sealed class OperatorState
{
    public volatile bool IsLeader;

    public string? Identity { get; set; }
}
