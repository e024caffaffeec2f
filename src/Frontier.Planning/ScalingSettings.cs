using Frontier.Api.Routes;
using Frontier.Api.Schema;

namespace Frontier.Planning;

/// <summary>A route's spec.scaling with its defaults filled in.</summary>
/// <param name="Headroom">Spare capacity planned on top of the demand, as a fraction.</param>
/// <param name="ScaleDownStabilization">How long a higher demand is still planned for after it falls.</param>
/// <param name="StartupSeconds">How far ahead a rising demand is extrapolated (a new replica's startup time).</param>
public sealed record ScalingSettings(double Headroom, TimeSpan ScaleDownStabilization, double StartupSeconds)
{
    /// <summary>Default headroom: 10%.</summary>
    public const double DefaultHeadroom = 0.1;

    /// <summary>Default stabilization window: 5 minutes.</summary>
    public static readonly TimeSpan DefaultScaleDownStabilization = TimeSpan.FromMinutes(5);

    /// <summary>Default lookahead: 60 s, about what a model server takes to load; with the 5-minute window it gave the best replay.</summary>
    public const double DefaultStartupSeconds = 60;

    /// <summary>The shortest <see cref="ReadyGrace"/>: 2 minutes, a few operator intervals.</summary>
    public static readonly TimeSpan MinimumReadyGrace = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long other candidates keep their ready replicas for a candidate whose new replicas are not ready (make-before-break):
    /// 3 × <see cref="StartupSeconds"/>, at least <see cref="MinimumReadyGrace"/>. A replica that starts normally is ready well
    /// within it; one that is not by then is taken to be failing (crash loop, image that cannot be pulled), and the old
    /// replicas go, so the route's cost comes back to the plan's.
    /// </summary>
    public TimeSpan ReadyGrace => TimeSpan.FromSeconds(Math.Max(3 * StartupSeconds, MinimumReadyGrace.TotalSeconds));

    /// <summary>Plans for the measured demand as it is: no headroom, no stabilization, no lookahead (the operator before spec.scaling).</summary>
    public static readonly ScalingSettings None = new(0, TimeSpan.Zero, 0);

    /// <summary>The settings of <paramref name="spec"/> (validated), defaults where a field is unset.</summary>
    public static ScalingSettings From(ScalingSpec? spec) => new(
        spec?.Headroom ?? DefaultHeadroom,
        spec?.ScaleDownStabilization is { } text ? (Durations.TryParse(text, out var window) ? window : TimeSpan.Zero) : DefaultScaleDownStabilization,
        spec?.StartupSeconds ?? DefaultStartupSeconds);
}
