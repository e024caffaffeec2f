namespace Frontier.Runtime;

/// <summary>Hooks for reconcile metrics (e.g. Prometheus counters and histograms); calls must be cheap and must not throw.</summary>
public interface IControllerMetrics
{
    /// <summary>A reconcile of <paramref name="controller"/> started.</summary>
    /// <param name="controller">The controller's name.</param>
    void ReconcileStarted(string controller);

    /// <summary>A reconcile succeeded.</summary>
    /// <param name="controller">The controller's name.</param>
    /// <param name="duration">How long it took.</param>
    void ReconcileSucceeded(string controller, TimeSpan duration);

    /// <summary>A reconcile threw (the key is requeued with backoff).</summary>
    /// <param name="controller">The controller's name.</param>
    /// <param name="duration">How long it took.</param>
    /// <param name="error">What it threw.</param>
    void ReconcileFailed(string controller, TimeSpan duration, Exception error);
}
