namespace Frontier.Operator.Scaling;

/// <summary>
/// What became of one candidate Deployment's replicas, in order of seriousness: the largest among a route's
/// Deployments names the Scaled condition's reason (what to fix first).
/// </summary>
internal enum ScaleResult
{
    /// <summary>It already asked for the planned replicas.</summary>
    Unchanged,

    /// <summary>Its replicas were set to the plan's.</summary>
    Scaled,

    /// <summary>The API server refused or failed the read or the scale.</summary>
    Failed,

    /// <summary>It does not carry <c>frontier.dev/route: ROUTE</c>, so Frontier leaves it alone.</summary>
    NotOptedIn,

    /// <summary>No Deployment of that name exists in the route's namespace.</summary>
    NotFound,
}
