using Frontier.Planning;

namespace Frontier.Operator.Scaling;

/// <summary>What happened to one Deployment's replicas.</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="Result">What the scaler did, or why it did not.</param>
/// <param name="Message">What is wrong and how to fix it, when <see cref="Ok"/> is false.</param>
/// <param name="Planned">The replicas it now asks for.</param>
/// <param name="Ready">Its status.readyReplicas as read before scaling; null when it could not be read.</param>
internal sealed record ScaleOutcome(string Deployment, ScaleResult Result, string? Message = null, int Planned = 0, int? Ready = null)
{
    /// <summary>The replicas the target plan gives it; more are <see cref="Planned"/> while it keeps serving until a replacement is ready.</summary>
    public int? Target { get; init; }

    /// <summary>Its Pods' scheduling state, when read.</summary>
    public PodScheduling? Scheduling { get; init; }

    /// <summary>The cap the plan puts on it because its Pods could not be scheduled, while that lasts.</summary>
    public SchedulingHold? Hold { get; init; }

    /// <summary>Set when its new replicas were not ready within the grace, so other candidates no longer keep replicas for them.</summary>
    public ReplacementOverdue? NotReady { get; init; }

    /// <summary>True when it asks for the planned replicas but fewer of them are ready (starting, or not schedulable).</summary>
    public bool Starting => Ok && Ready is { } ready && ready < Planned;

    /// <summary>True when some of its Pods cannot be scheduled now, or the plan is held below what it wanted because they could not.</summary>
    public bool Unschedulable => Ok && (Scheduling is { Unschedulable: > 0 } || Hold is not null);

    /// <summary>True when it keeps more replicas than the target plan gives it, until the replacement capacity is ready.</summary>
    public bool KeptForReplacement => Ok && Target is { } target && Planned > target;

    /// <summary>True when the Deployment now asks for the planned replicas.</summary>
    public bool Ok => Result is ScaleResult.Unchanged or ScaleResult.Scaled;
}
