namespace Frontier.Gateway.Endpoints;

/// <summary>
/// A candidate's endpoints at one moment, with their live states: the ready Pods of its Service (each capped at the
/// plan's concurrencyPerReplica) or its one fixed address (capped at the candidate's maxInFlight). Immutable; replaced
/// whole when the Service's <see cref="ServiceEndpoints"/> snapshot changes.
/// </summary>
/// <param name="Source">The snapshot it was built from; null for a fixed address.</param>
/// <param name="Endpoints">The endpoints' states (their <see cref="CandidateState.Endpoint"/> says where).</param>
/// <param name="Cap">In-flight cap of each endpoint, counting every client's requests (this gateway's plus the server
/// load it reports beyond them); null when uncapped.</param>
/// <param name="OwnCap">The most of one endpoint's cap this gateway replica takes for its own requests (its share when
/// several replicas send to the same Pods); null when uncapped.</param>
/// <param name="Weight">The plan's weight, scaled by the ready share of the planned replicas for discovered Pods.</param>
internal sealed record CandidateBackends(ServiceEndpoints? Source, CandidateState[] Endpoints, int? Cap, double Weight, int? OwnCap = null)
{
    /// <summary>Whether <paramref name="endpoint"/>, carrying <paramref name="load"/> (ours plus the server's others),
    /// can take one more request of ours.</summary>
    public bool HasRoom(CandidateState endpoint, int load) =>
        (Cap is not { } cap || load < cap) && (OwnCap is not { } own || endpoint.InFlight < own);

    /// <summary>Whether the endpoints are discovered Pods (not a fixed address).</summary>
    public bool Discovered => Source is not null;
}
