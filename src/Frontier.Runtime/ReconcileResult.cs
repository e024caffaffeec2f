namespace Frontier.Runtime;

/// <summary>What a reconcile asks of the controller afterwards.</summary>
/// <param name="RequeueAfter">Reconcile the key again after this long (e.g. to poll something external); <c>null</c> for not at all.</param>
public sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Nothing more to do until something changes.</summary>
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>Reconcile again after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to wait.</param>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
