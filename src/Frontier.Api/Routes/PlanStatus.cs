namespace Frontier.Api.Routes;

/// <summary>Hourly cost, expected quality and per-candidate allocation of a plan.</summary>
public sealed class PlanStatus
{
    /// <summary>USD per hour of the plan's replicas.</summary>
    public double HourlyCost { get; set; }

    /// <summary>Traffic-weighted mean quality.</summary>
    public double ExpectedQuality { get; set; }

    /// <summary>Where the power term of the GPU cost came from: the profile's assumed spec.tco.powerKw, or DCGM's measured draw.</summary>
    public string? PowerSource { get; set; }

    /// <summary>Per-candidate allocation.</summary>
    public IList<PlanCandidateStatus> Candidates { get; set; } = [];
}
