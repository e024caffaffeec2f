namespace Frontier.Gateway.Endpoints;

/// <summary>
/// A candidate's endpoints at one moment, with their live states: the ready Pods of its Service (each capped at the
/// plan's concurrencyPerReplica) or its one fixed address (capped at the candidate's maxInFlight). Immutable; replaced
/// whole when the Service's <see cref="ServiceEndpoints"/> snapshot changes.
/// </summary>
/// <param name="Source">The snapshot it was built from; null for a fixed address.</param>
/// <param name="Endpoints">The endpoints' states (their <see cref="CandidateState.Endpoint"/> says where).</param>
/// <param name="Cap">In-flight cap of each endpoint; null when uncapped.</param>
/// <param name="Weight">The plan's weight, scaled by the ready share of the planned replicas for discovered Pods.</param>
internal sealed record CandidateBackends(ServiceEndpoints? Source, CandidateState[] Endpoints, int? Cap, double Weight)
{
    /// <summary>Whether the endpoints are discovered Pods (not a fixed address).</summary>
    public bool Discovered => Source is not null;
}
