using MathNet.Numerics;

namespace Frontier.Economics.Curves;

/// <summary>
/// Throughput as a saturating function of concurrency, X(c) = Xmax · c / (K + c): near-linear at low
/// concurrency, flat once the GPU is saturated. Used only to interpolate between measured points.
/// </summary>
/// <param name="MaxRequestsPerSecond">Xmax, the asymptotic throughput.</param>
/// <param name="HalfSaturationConcurrency">K, the concurrency at which throughput is half of Xmax.</param>
/// <param name="RSquared">Coefficient of determination of the fit on the measured points.</param>
public sealed record SaturatingFit(double MaxRequestsPerSecond, double HalfSaturationConcurrency, double RSquared)
{
    /// <summary>Fitted throughput at concurrency <paramref name="concurrency"/>.</summary>
    public double At(double concurrency) => MaxRequestsPerSecond * concurrency / (HalfSaturationConcurrency + concurrency);

    /// <summary>Least-squares fit; null when there are fewer than three points or the fit does not converge.</summary>
    public static SaturatingFit? TryFit(IReadOnlyList<double> concurrency, IReadOnlyList<double> requestsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(concurrency);
        ArgumentNullException.ThrowIfNull(requestsPerSecond);
        if (concurrency.Count < 3 || concurrency.Count != requestsPerSecond.Count) return null;

        var x = concurrency.ToArray();
        var y = requestsPerSecond.ToArray();
        try
        {
            var (xmax, k) = Fit.Curve(x, y, (a, b, c) => a * c / (b + c), y.Max(), x.Average(), tolerance: 1e-10, maxIterations: 2000);
            if (!double.IsFinite(xmax) || !double.IsFinite(k) || xmax <= 0 || k <= -x.Min()) return null;
            var predicted = x.Select(c => xmax * c / (k + c)).ToArray();
            var r2 = GoodnessOfFit.CoefficientOfDetermination(predicted, y);
            return new SaturatingFit(xmax, k, double.IsFinite(r2) ? r2 : 0);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or MathNet.Numerics.Optimization.MaximumIterationsException)
        {
            return null;
        }
    }
}
