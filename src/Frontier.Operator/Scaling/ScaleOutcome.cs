namespace Frontier.Operator.Scaling;

/// <summary>What happened to one Deployment's replicas.</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="Result">What the scaler did, or why it did not.</param>
/// <param name="Message">What is wrong and how to fix it, when <see cref="Ok"/> is false.</param>
/// <param name="Planned">The replicas the plan asks of it.</param>
/// <param name="Ready">Its status.readyReplicas as read before scaling; null when it could not be read.</param>
internal sealed record ScaleOutcome(string Deployment, ScaleResult Result, string? Message = null, int Planned = 0, int? Ready = null)
{
    /// <summary>True when it asks for the planned replicas but fewer of them are ready (starting, or not schedulable).</summary>
    public bool Starting => Ok && Ready is { } ready && ready < Planned;

    /// <summary>True when the Deployment now asks for the planned replicas.</summary>
    public bool Ok => Result is ScaleResult.Unchanged or ScaleResult.Scaled;
}
