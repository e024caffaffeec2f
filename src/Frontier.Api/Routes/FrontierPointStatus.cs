namespace Frontier.Api.Routes;

/// <summary>A candidate at one concurrency: its cost per request and quality.</summary>
public sealed class FrontierPointStatus
{
    /// <summary>Candidate name.</summary>
    public string? Name { get; set; }

    /// <summary>Concurrency of the point.</summary>
    public int Concurrency { get; set; }

    /// <summary>Cost per request, USD.</summary>
    public double CostPerRequestUsd { get; set; }

    /// <summary>Quality.</summary>
    public double Quality { get; set; }
}
