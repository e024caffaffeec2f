namespace Frontier.Api.Routes;

/// <summary>A model alias clients call, the candidates behind it, and what to optimise within which budget.</summary>
public sealed class ModelRouteSpec
{
    /// <summary>The objectives a route may ask for.</summary>
    public static readonly IReadOnlyList<string> Objectives = ["MaxQuality", "MinCost"];

    /// <summary>The alias clients send as "model".</summary>
    public string? Model { get; set; }

    /// <summary>MaxQuality (best expected quality within budget) or MinCost (cheapest meeting the quality floor). Default MaxQuality.</summary>
    public string? Objective { get; set; }

    /// <summary>Spending limit.</summary>
    public BudgetSpec? Budget { get; set; }

    /// <summary>Lowest acceptable expected (traffic-weighted) quality.</summary>
    public double? QualityFloor { get; set; }

    /// <summary>Latency objectives.</summary>
    public SloSpec? Slo { get; set; }

    /// <summary>The models behind the alias.</summary>
    public IList<CandidateSpec>? Candidates { get; set; }
}
