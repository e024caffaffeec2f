namespace Frontier.Runtime;

/// <summary>Settings for a <see cref="LeaderElector"/>; the defaults are client-go's.</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The coordination.k8s.io/v1 Lease's name.</summary>
    public required string LeaseName { get; init; }

    /// <summary>The Lease's namespace.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>This candidate's identity, unique per process. Default: <see cref="DefaultIdentity"/>.</summary>
    public string Identity { get; init; } = DefaultIdentity();

    /// <summary>How long others wait, after last seeing the Lease change, before taking it over. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up when it has not renewed for this long. Default 10 s; must be less than <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews and candidates retry. Default 2 s; must be less than <see cref="RenewDeadline"/>.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Clock for renew timing and expiry. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>"POD_NAME (or host name)_random guid".</summary>
    public static string DefaultIdentity()
    {
        var host = Environment.GetEnvironmentVariable("POD_NAME");
        return $"{(string.IsNullOrEmpty(host) ? Environment.MachineName : host)}_{Guid.NewGuid():N}";
    }
}
