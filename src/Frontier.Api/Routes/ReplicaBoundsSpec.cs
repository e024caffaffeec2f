namespace Frontier.Api.Routes;

/// <summary>Bounds on a candidate's replicas.</summary>
public sealed class ReplicaBoundsSpec
{
    /// <summary>Replicas that always run (≥ 0).</summary>
    public int? Min { get; set; }

    /// <summary>Most replicas the plan may ask for (≥ min).</summary>
    public int? Max { get; set; }
}
