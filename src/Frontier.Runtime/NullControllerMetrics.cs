namespace Frontier.Runtime;

/// <summary>Metrics that record nothing.</summary>
public sealed class NullControllerMetrics : IControllerMetrics
{
    /// <summary>The shared instance.</summary>
    public static NullControllerMetrics Instance { get; } = new();

    private NullControllerMetrics()
    {
    }

    /// <inheritdoc/>
    public void ReconcileStarted(string controller)
    {
    }

    /// <inheritdoc/>
    public void ReconcileSucceeded(string controller, TimeSpan duration)
    {
    }

    /// <inheritdoc/>
    public void ReconcileFailed(string controller, TimeSpan duration, Exception error)
    {
    }
}
