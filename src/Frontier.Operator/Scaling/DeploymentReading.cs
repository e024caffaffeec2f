namespace Frontier.Operator.Scaling;

/// <summary>
/// One candidate Deployment as read before scaling: either a <see cref="Refusal"/> (not found, not opted in, unreadable)
/// or what it asks for, how many of its replicas are ready, and how its Pods are scheduled.
/// </summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="Refusal">The outcome to report instead of scaling; null when the Deployment may be scaled.</param>
/// <param name="Asked">spec.replicas (an unset one reads back as 1).</param>
/// <param name="Ready">status.readyReplicas.</param>
/// <param name="Scheduling">Its Pods' scheduling state; null when its Pods could not be listed.</param>
internal sealed record DeploymentReading(
    string Deployment, ScaleOutcome? Refusal, int Asked = 0, int Ready = 0, PodScheduling? Scheduling = null)
{
    /// <summary>A Deployment that may be scaled.</summary>
    public bool Readable => Refusal is null;

    /// <summary>A Deployment that cannot be scaled, and why.</summary>
    public static DeploymentReading Refused(ScaleOutcome refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(refusal.Deployment, refusal);
    }
}
