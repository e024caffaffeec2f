namespace Frontier.Cli.Status;

/// <summary>A candidate of a live route.</summary>
/// <param name="Name">Candidate name.</param>
/// <param name="Deployment">spec.candidates[].deployment (null: the operator scales nothing for it).</param>
/// <param name="ReplicasPlanned">Replicas in status.plan, the serving plan: those the gateway may route to now (0 when the plan leaves it out).</param>
/// <param name="ReplicasAsked">The Deployment's spec.replicas: what the operator asks for (the target, or more while a replacement warms up); null without a Deployment or when it could not be read.</param>
/// <param name="ReplicasReady">The Deployment's status.readyReplicas; null without a Deployment or when it could not be read.</param>
/// <param name="DeploymentProblem">Why readiness is unknown (the Deployment is missing or could not be read).</param>
/// <param name="Weight">Share of traffic in the plan.</param>
/// <param name="ConcurrencyPerReplica">Operating concurrency of each replica in the plan.</param>
/// <param name="MaxInFlight">In-flight cap in the plan.</param>
/// <param name="CostPerRequestUsd">Cost per request at the operating point.</param>
/// <param name="Quality">Quality from status.frontier (null when the candidate has no frontier point).</param>
internal sealed record CandidateStatusReport(
    string Name,
    string? Deployment,
    int ReplicasPlanned,
    int? ReplicasAsked,
    int? ReplicasReady,
    string? DeploymentProblem,
    double Weight,
    int ConcurrencyPerReplica,
    int MaxInFlight,
    double CostPerRequestUsd,
    double? Quality);
