using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Fewest and most replicas of a candidate.</summary>
public sealed class ReplicaBoundsSpec
{
    /// <summary>Replicas that always run (≥ 0).</summary>
    [Minimum(0)]
    public int? Min { get; set; }

    /// <summary>Most replicas the plan may ask for (≥ min).</summary>
    [Required, Minimum(1)]
    public int? Max { get; set; }
}
