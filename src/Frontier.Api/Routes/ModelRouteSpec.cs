using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>A model alias clients call, the candidates behind it, and what to optimise within which budget.</summary>
public sealed class ModelRouteSpec
{
    /// <summary>The objectives a route may ask for.</summary>
    public static readonly IReadOnlyList<string> Objectives = ["MaxQuality", "MinCost"];

    /// <summary>The alias clients send as "model".</summary>
    [Required, Pattern(SchemaPatterns.NotBlank)]
    public string? Model { get; set; }

    /// <summary>MaxQuality (best expected quality within budget) or MinCost (cheapest meeting the quality floor). Default MaxQuality.</summary>
    [EnumValues("MaxQuality", "MinCost")]
    public string? Objective { get; set; }

    /// <summary>Spending limit.</summary>
    public BudgetSpec? Budget { get; set; }

    /// <summary>Lowest acceptable expected (traffic-weighted) quality.</summary>
    public double? QualityFloor { get; set; }

    /// <summary>Latency objectives.</summary>
    public SloSpec? Slo { get; set; }

    /// <summary>How often the plan is recomputed, e.g. 30s or 5m. Default 30s.</summary>
    [Pattern(SchemaPatterns.Duration)]
    public string? Interval { get; set; }

    /// <summary>Demand settings: the floor planned for when metrics are low or missing.</summary>
    public DemandSpec? Demand { get; set; }

    /// <summary>How measured demand becomes the demand planned for: headroom, scale-down stabilization, startup lookahead.</summary>
    public ScalingSpec? Scaling { get; set; }

    /// <summary>Where and how to read demand, live throughput and GPU power from Prometheus.</summary>
    public MetricsSpec? Metrics { get; set; }

    /// <summary>The models behind the alias.</summary>
    [Required, MinItems(1), ListMapKeys(nameof(CandidateSpec.Name))]
    public IList<CandidateSpec>? Candidates { get; set; }
}
