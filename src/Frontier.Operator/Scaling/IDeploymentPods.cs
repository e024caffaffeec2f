namespace Frontier.Operator.Scaling;

/// <summary>The pods a Deployment selects; never throws for an API refusal.</summary>
internal interface IDeploymentPods
{
    /// <summary>Names of the pods matching Deployment <paramref name="namespace"/>/<paramref name="deployment"/>'s
    /// spec.selector; empty when the Deployment does not exist or cannot be read.</summary>
    Task<IReadOnlyList<string>> NamesAsync(string @namespace, string deployment, CancellationToken ct);
}
