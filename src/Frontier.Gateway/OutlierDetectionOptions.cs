namespace Frontier.Gateway;

/// <summary>
/// Outlier detection on Envoy's model (section "Gateway:OutlierDetection"; the flags are in <see cref="GatewayApp"/>):
/// a backend (one endpoint: a discovered Pod, or a candidate's fixed address) is ejected after <see cref="Consecutive5xx"/> 5xx answers or <see cref="ConsecutiveConnectFailures"/>
/// connection failures in a row, for <see cref="BaseEjectionTime"/> × the number of times it has been ejected, at most
/// <see cref="MaxEjectionTime"/>; at most <see cref="MaxEjectionPercent"/> of a route's endpoints are ejected at once.
/// </summary>
public sealed class OutlierDetectionOptions
{
    /// <summary>5xx answers in a row that eject a backend (--consecutive-5xx). Default 5, as Envoy.</summary>
    public int Consecutive5xx { get; set; } = 5;

    /// <summary>Connection failures in a row that eject a backend (--consecutive-connect-failures). Default 3.</summary>
    public int ConsecutiveConnectFailures { get; set; } = 3;

    /// <summary>Ejection time of a first ejection; the n-th lasts n times this (--base-ejection-time). Default 30 s, as Envoy.
    /// Each further base time a backend spends in service forgives one past ejection.</summary>
    public TimeSpan BaseEjectionTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest ejection (--max-ejection-time). Default 300 s, as Envoy.</summary>
    public TimeSpan MaxEjectionTime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Largest share of a route's endpoints ejected at once, in percent (--max-ejection-percent), but at least one
    /// endpoint when the route has two or more; 0 turns ejection off. Default 50.</summary>
    public int MaxEjectionPercent { get; set; } = 50;

    /// <summary>How many of a route's <paramref name="endpoints"/> endpoints may be ejected at once. A route with one
    /// endpoint never ejects it: the picker would have to use it anyway.</summary>
    public int MaxEjected(int endpoints) =>
        endpoints < 2 || MaxEjectionPercent <= 0 ? 0 : Math.Max(1, endpoints * MaxEjectionPercent / 100);

    /// <summary>The problems with these settings, each naming its flag.</summary>
    public IEnumerable<string> Problems()
    {
        if (Consecutive5xx < 1) yield return $"--consecutive-5xx: must be >= 1, got {Consecutive5xx}";
        if (ConsecutiveConnectFailures < 1) yield return $"--consecutive-connect-failures: must be >= 1, got {ConsecutiveConnectFailures}";
        if (MaxEjectionPercent is < 0 or > 100) yield return $"--max-ejection-percent: must be in 0..100, got {MaxEjectionPercent}";
        if (MaxEjectionTime < BaseEjectionTime) yield return $"--max-ejection-time: must be >= --base-ejection-time ({BaseEjectionTime}), got {MaxEjectionTime}";
    }
}
