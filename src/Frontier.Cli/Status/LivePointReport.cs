namespace Frontier.Cli.Status;

/// <summary>A point of a route's live cost–quality frontier (status.frontier).</summary>
internal sealed record LivePointReport(string Name, int Concurrency, double CostPerRequestUsd, double Quality);
