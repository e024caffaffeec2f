using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Runtime;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease. Candidates create the Lease if missing and take it when its
/// holder has not renewed it for <see cref="LeaderElectionOptions.LeaseDuration"/> (measured on the local clock from
/// when the Lease was last seen to change, so clock skew does not matter) or when it has no holder. The leader renews
/// every <see cref="LeaderElectionOptions.RetryPeriod"/> and stops leading the moment it finds the Lease held by
/// another, or <see cref="LeaderElectionOptions.RenewDeadline"/> after it sent its last successful renewal (the
/// others can only have seen that renewal later, and wait <see cref="LeaderElectionOptions.LeaseDuration"/> from
/// then; a slow read before the write does not count against the leader). Writes carry the resourceVersion, so of two racing candidates the one that gets 409 Conflict lost.
/// </summary>
public sealed class LeaderElector
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private string? _observedVersion;
    private long _lastWriteSentAt;
    private long _observedAt;
    private volatile string? _observedHolder;
    private volatile bool _isLeader;

    /// <summary>Creates a candidate; call <see cref="RunAsync"/> to take part.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="options">Lease name, identity and timing.</param>
    /// <param name="logger">Logs leadership changes.</param>
    public LeaderElector(IKubernetes client, LeaderElectionOptions options, ILogger? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger.Instance;
        ArgumentException.ThrowIfNullOrEmpty(options.LeaseName, nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.LeaseNamespace, nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.Identity, nameof(options));
        if (options.RetryPeriod <= TimeSpan.Zero || options.RenewDeadline <= options.RetryPeriod || options.LeaseDuration <= options.RenewDeadline)
        {
            throw new ArgumentException("Need 0 < RetryPeriod < RenewDeadline < LeaseDuration.", nameof(options));
        }
    }

    /// <summary>This candidate's identity (the Lease's holderIdentity while it leads).</summary>
    public string Identity => _options.Identity;

    /// <summary>Whether this candidate currently leads.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder last seen on the Lease (possibly this candidate), or <c>null</c>.</summary>
    public string? CurrentLeader => _observedHolder;

    private TimeProvider Time => _options.TimeProvider;

    /// <summary>
    /// Contends for the Lease until <paramref name="cancellationToken"/> is cancelled. Each time it becomes leader it
    /// calls <paramref name="onStartedLeading"/> with a token that is cancelled the moment leadership is lost (or
    /// <paramref name="cancellationToken"/> is cancelled); it waits for the callback to return, and after a loss
    /// contends again (so the callback may run more than once). When the callback returns by itself, or on
    /// cancellation, the Lease is released so another candidate can take it at once, and this method completes.
    /// An exception from the callback is rethrown after the release.
    /// </summary>
    /// <param name="onStartedLeading">The leader's work.</param>
    /// <param name="cancellationToken">Stops contending (and leading).</param>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        while (await AcquireAsync(cancellationToken).ConfigureAwait(false) is { } acquiredAt)
        {
            if (await LeadAsync(onStartedLeading, acquiredAt, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Retries until the Lease is ours, and returns when the successful write was sent (a <see cref="TimeProvider"/>
    /// timestamp), or <c>null</c> once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    private async Task<long?> AcquireAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Leader election: {Identity} contending for lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false) == Attempt.Succeeded)
                {
                    _logger.LogInformation("Leader election: {Identity} acquired lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
                    return _lastWriteSentAt;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Leader election: {Identity} failed to read or update the lease", Identity);
            }
            catch (Exception)
            {
                return null;
            }

            var jittered = _options.RetryPeriod * (1 + (0.2 * Random.Shared.NextDouble()));
            try
            {
                await Task.Delay(jittered, Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Leads until the callback returns or we are cancelled (true, lease released) or leadership is lost (false).
    /// The callback's token is cancelled at the loss itself, and the callback is awaited before this returns.
    /// </summary>
    private async Task<bool> LeadAsync(Func<CancellationToken, Task> onStartedLeading, long acquiredAt, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync().ConfigureAwait(false); // acquired just as we were stopped
            return true;
        }

        using var renewDeadline = new CancellationTokenSource(RenewDeadlineFrom(acquiredAt), Time);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, renewDeadline.Token);
        _isLeader = true;
        using var registration = leading.Token.Register(() => _isLeader = false);
        var callback = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);

        while (!leading.IsCancellationRequested)
        {
            var tick = Task.Delay(_options.RetryPeriod, Time, leading.Token);
            if (await Task.WhenAny(callback, tick).ConfigureAwait(false) == callback || leading.IsCancellationRequested)
            {
                break;
            }

            try
            {
                var attempt = await TryAcquireOrRenewAsync(leading.Token).ConfigureAwait(false);
                if (attempt == Attempt.Succeeded)
                {
                    renewDeadline.CancelAfter(RenewDeadlineFrom(_lastWriteSentAt));
                }
                else if (attempt == Attempt.HeldByOther)
                {
                    _logger.LogWarning("Leader election: {Identity} found the lease held by {Holder}", Identity, _observedHolder);
                    await renewDeadline.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!leading.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Leader election: {Identity} failed to renew the lease", Identity);
            }
            catch (Exception)
            {
                break;
            }
        }

        // Lost: the renew deadline passed or someone else holds the lease (not: we were cancelled, or the callback returned).
        var lost = renewDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        _isLeader = false;
        await leading.CancelAsync().ConfigureAwait(false);
        if (lost)
        {
            _logger.LogWarning("Leader election: {Identity} lost lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
        }

        Exception? failure = null;
        try
        {
            await callback.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (lost && failure is null)
        {
            return false;
        }

        await ReleaseAsync().ConfigureAwait(false);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return true;
    }

    /// <summary>What is left of the renew deadline counted from <paramref name="renewalSent"/> (never negative).</summary>
    private TimeSpan RenewDeadlineFrom(long renewalSent)
    {
        var left = _options.RenewDeadline - Time.GetElapsedTime(renewalSent);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task<Attempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        V1Lease lease;
        try
        {
            lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (KubeErrors.IsNotFound(e))
        {
            var fresh = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.LeaseNamespace },
                Spec = new V1LeaseSpec { LeaseTransitions = 0 },
            };
            TakeOrRenew(fresh.Spec, now);
            return await WriteAsync(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(fresh, _options.LeaseNamespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        Observe(lease);
        var spec = lease.Spec ??= new V1LeaseSpec();
        var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != Identity;
        var duration = spec.LeaseDurationSeconds is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : _options.LeaseDuration;
        if (heldByOther && Time.GetElapsedTime(_observedAt) < duration)
        {
            return Attempt.HeldByOther;
        }

        TakeOrRenew(spec, now);
        return await WriteAsync(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private void TakeOrRenew(V1LeaseSpec spec, DateTime now)
    {
        if (spec.HolderIdentity != Identity)
        {
            spec.HolderIdentity = Identity;
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.RenewTime = now;
        spec.LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
    }

    /// <summary>Writes the Lease, noting when the write was sent: no one can have seen it change before then.</summary>
    private async Task<Attempt> WriteAsync(Func<Task<V1Lease>> write)
    {
        _lastWriteSentAt = Time.GetTimestamp();
        try
        {
            Observe(await write().ConfigureAwait(false));
            return Attempt.Succeeded;
        }
        catch (Exception e) when (KubeErrors.IsConflict(e))
        {
            return Attempt.Conflict; // someone else wrote (or created) the lease first
        }
    }

    private void Observe(V1Lease lease)
    {
        if (lease.Metadata?.ResourceVersion == _observedVersion)
        {
            return;
        }

        _observedVersion = lease.Metadata?.ResourceVersion;
        _observedAt = Time.GetTimestamp();
        var holder = lease.Spec?.HolderIdentity;
        if (holder != _observedHolder)
        {
            _observedHolder = holder;
            if (!string.IsNullOrEmpty(holder) && holder != Identity)
            {
                _logger.LogInformation("Leader election: lease {Namespace}/{Lease} is held by {Holder}", _options.LeaseNamespace, _options.LeaseName, holder);
            }
        }
    }

    /// <summary>Empties the Lease's holder so another candidate can take it without waiting for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            var now = Time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            _logger.LogInformation("Leader election: {Identity} released lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Leader election: {Identity} could not release the lease; others will take it when it expires", Identity);
        }
    }

    private enum Attempt
    {
        Succeeded,
        HeldByOther,
        Conflict,
    }
}
