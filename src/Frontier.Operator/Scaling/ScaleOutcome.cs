namespace Frontier.Operator.Scaling;

/// <summary>What happened to one Deployment's replicas.</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="Result">What the scaler did, or why it did not.</param>
/// <param name="Message">What is wrong and how to fix it, when <see cref="Ok"/> is false.</param>
internal sealed record ScaleOutcome(string Deployment, ScaleResult Result, string? Message = null)
{
    /// <summary>True when the Deployment now asks for the planned replicas.</summary>
    public bool Ok => Result is ScaleResult.Unchanged or ScaleResult.Scaled;
}
