namespace Frontier.Operator.Scaling;

/// <summary>Sets a route's candidate Deployments to their planned replicas; never throws for an API refusal.</summary>
internal interface IScaler
{
    /// <summary>
    /// Sets Deployment <paramref name="namespace"/>/<paramref name="deployment"/> to <paramref name="replicas"/> when it
    /// opted in to route <paramref name="route"/> (label <c>frontier.dev/route: ROUTE</c>); otherwise leaves it alone.
    /// </summary>
    Task<ScaleOutcome> ScaleAsync(string @namespace, string deployment, string route, int replicas, CancellationToken ct);
}
