namespace Frontier.Replay;

/// <summary>A point of the route's cost–quality frontier.</summary>
/// <param name="Candidate">Candidate name.</param>
/// <param name="CostPerRequestUsd">USD per request at that point.</param>
/// <param name="Quality">Quality.</param>
public sealed record FrontierPoint(string Candidate, double CostPerRequestUsd, double Quality);
