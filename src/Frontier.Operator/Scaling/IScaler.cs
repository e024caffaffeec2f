namespace Frontier.Operator.Scaling;

/// <summary>Reads a route's candidate Deployments and sets them to their planned replicas; never throws for an API refusal.</summary>
internal interface IScaler
{
    /// <summary>
    /// Reads Deployment <paramref name="namespace"/>/<paramref name="deployment"/>: a refusal when it does not exist, cannot
    /// be read or did not opt in to route <paramref name="route"/> (label <c>frontier.dev/route: ROUTE</c>); otherwise
    /// its replicas, readiness and its Pods' scheduling state.
    /// </summary>
    Task<DeploymentReading> ReadAsync(string @namespace, string deployment, string route, CancellationToken ct);

    /// <summary>Sets the Deployment <paramref name="reading"/> found (readable: no refusal) to <paramref name="replicas"/>.</summary>
    Task<ScaleOutcome> ScaleAsync(string @namespace, DeploymentReading reading, int replicas, CancellationToken ct);
}
