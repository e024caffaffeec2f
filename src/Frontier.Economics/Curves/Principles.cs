using System.Globalization;

namespace Frontier.Economics.Curves;

/// <summary>Whether a principle shows in the data, and the figures that show it.</summary>
/// <param name="Holds">True when the data exhibit the principle.</param>
/// <param name="Evidence">One sentence with the numbers.</param>
/// <param name="First">The measure at the lowest concurrency step.</param>
/// <param name="Last">The measure at the highest concurrency step.</param>
public sealed record PrincipleFinding(bool Holds, string Evidence, double? First, double? Last);

/// <summary>The paper's principles as detected on one model's curve.</summary>
/// <param name="DiminishingMarginalCost">
/// Cost per request falls as concurrency rises, and the saving per doubling of concurrency shrinks.
/// First/Last: the relative saving per doubling at the first and the last step.
/// </param>
/// <param name="DiminishingReturnsToScale">
/// Throughput elasticity to concurrency falls below 1 and ends lower than it starts.
/// First/Last: the elasticity at the first and the last step.
/// </param>
public sealed record Principles(PrincipleFinding DiminishingMarginalCost, PrincipleFinding DiminishingReturnsToScale)
{
    /// <summary>Detects both principles; with fewer than three levels there is too little data and neither holds.</summary>
    public static Principles Detect(IReadOnlyList<OperatingPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Select(x => x.Concurrency).Distinct().Count() != points.Count)
            throw new ArgumentException("points must have distinct concurrency levels (average repeated runs first, as ProductionCurve does)", nameof(points));
        if (points.Count < 3)
        {
            var tooFew = new PrincipleFinding(false, $"needs runs at ≥ 3 concurrency levels, has {points.Count}", null, null);
            return new Principles(tooFew, tooFew);
        }
        return new Principles(MarginalCost(points), ReturnsToScale(points));
    }

    private static PrincipleFinding MarginalCost(IReadOnlyList<OperatingPoint> p)
    {
        // Relative saving in cost per request per doubling of concurrency, for each step.
        var savings = Enumerable.Range(1, p.Count - 1)
            .Select(i => (1 - p[i].CostPerRequestUsd / p[i - 1].CostPerRequestUsd) / Math.Log2((double)p[i].Concurrency / p[i - 1].Concurrency))
            .ToList();
        var first = savings[0];
        var last = savings[^1];
        var cheapest = p.MinBy(x => x.CostPerRequestUsd)!;
        var totalDrop = 1 - cheapest.CostPerRequestUsd / p[0].CostPerRequestUsd;
        var holds = first > 0 && last < first && totalDrop > 0;
        var evidence = string.Create(CultureInfo.InvariantCulture,
            $"cost/request falls {totalDrop * 100:0}% from c={p[0].Concurrency} to c={cheapest.Concurrency}; saving per doubling goes from {first * 100:0.0}% to {last * 100:0.0}%");
        return new PrincipleFinding(holds, evidence, first, last);
    }

    private static PrincipleFinding ReturnsToScale(IReadOnlyList<OperatingPoint> p)
    {
        static double Elasticity(OperatingPoint from, OperatingPoint to) =>
            Math.Log(to.RequestsPerSecond / from.RequestsPerSecond) / Math.Log((double)to.Concurrency / from.Concurrency);
        var first = Elasticity(p[0], p[1]);
        var last = Elasticity(p[^2], p[^1]);
        var holds = last < first && last < 1;
        var evidence = string.Create(CultureInfo.InvariantCulture,
            $"throughput elasticity to concurrency goes from {first:0.00} (c={p[0].Concurrency}→{p[1].Concurrency}) to {last:0.00} (c={p[^2].Concurrency}→{p[^1].Concurrency})");
        return new PrincipleFinding(holds, evidence, first, last);
    }
}
