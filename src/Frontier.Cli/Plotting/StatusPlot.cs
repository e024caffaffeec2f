using Frontier.Cli.Status;
using ScottPlot;

namespace Frontier.Cli.Plotting;

/// <summary>
/// A live route's cost–quality frontier (status.frontier) with the plan's current operating points marked: one filled
/// marker per candidate the plan sends traffic to, labelled with its replicas and weight.
/// </summary>
internal static class StatusPlot
{
    private const int Width = 1200;
    private const int Height = 750;

    /// <summary>Writes the figure to <paramref name="path"/> (.png or .svg).</summary>
    /// <exception cref="UsageException">The extension is neither .png nor .svg, or the route has no frontier yet.</exception>
    public static void Save(RouteStatusReport route, string path)
    {
        ArgumentNullException.ThrowIfNull(route);
        try
        {
            AnalysisPlot.CheckExtension(path);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        var frontier = route.Frontier.Where(p => p.CostPerRequestUsd > 0 && double.IsFinite(p.Quality)).OrderBy(p => p.CostPerRequestUsd).ToList();
        if (frontier.Count == 0)
            throw new UsageException($"--plot: {route.Route} has no status.frontier yet (the operator has not planned it); nothing to draw");

        var plot = AnalysisPlot.NewPlot(AnalysisPlot.PickFont());
        plot.Title($"{route.Route}: live frontier and operating points", 20);
        plot.XLabel("Cost per request (USD, log scale)", 15);
        plot.YLabel("Quality (benchmark score)", 15);

        var line = plot.Add.Scatter(frontier.Select(p => Math.Log10(p.CostPerRequestUsd)).ToArray(), frontier.Select(p => p.Quality).ToArray(), Colors.Black);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LinePattern = LinePattern.Dashed;
        line.MarkerShape = MarkerShape.OpenCircle;
        line.MarkerSize = 12;
        line.LegendText = "frontier (status.frontier)";

        foreach (var p in frontier.Where(p => !route.Candidates.Any(c => c.Name == p.Name && c.Weight > 0)))
        {
            var label = plot.Add.Text($"{p.Name} @ c={p.Concurrency} (no traffic)", Math.Log10(p.CostPerRequestUsd), p.Quality);
            label.LabelFontSize = 12;
            label.LabelFontColor = Colors.Gray;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 10;
            label.OffsetY = -8;
        }

        var operating = route.Candidates.Where(c => c.Weight > 0 && c.CostPerRequestUsd > 0 && c.Quality is not null).ToList();
        if (operating.Count > 0)
        {
            var points = plot.Add.ScatterPoints(operating.Select(c => Math.Log10(c.CostPerRequestUsd)).ToArray(),
                operating.Select(c => c.Quality!.Value).ToArray(), Colors.OrangeRed);
            points.MarkerShape = MarkerShape.FilledCircle;
            points.MarkerSize = 18;
            points.LegendText = "operating now (weight > 0)";
            foreach (var c in operating)
            {
                var label = plot.Add.Text(FormattableString.Invariant($"{c.Name} ×{c.ReplicasPlanned} @ c={c.ConcurrencyPerReplica}, w={c.Weight:0.00}"),
                    Math.Log10(c.CostPerRequestUsd), c.Quality!.Value);
                label.LabelFontSize = 13;
                label.LabelAlignment = Alignment.LowerLeft;
                label.OffsetX = 10;
                label.OffsetY = -8;
            }
        }

        var xs = frontier.Select(p => Math.Log10(p.CostPerRequestUsd)).Concat(operating.Select(c => Math.Log10(c.CostPerRequestUsd))).ToList();
        var ys = frontier.Select(p => p.Quality).Concat(operating.Select(c => c.Quality!.Value)).ToList();
        var xPad = Math.Max((xs.Max() - xs.Min()) * 0.1, 0.05);
        var yPad = Math.Max((ys.Max() - ys.Min()) * 0.1, 0.5);
        plot.Axes.SetLimits(xs.Min() - xPad, xs.Max() + (xPad * 3), ys.Min() - yPad, ys.Max() + yPad);
        plot.Axes.Bottom.TickGenerator = AnalysisPlot.LogUsdTicks(xs.Min() - xPad, xs.Max() + (xPad * 3));
        plot.ShowLegend(Edge.Bottom);

        AnalysisPlot.Write(new Multiplot(plot), path, Width, Height);
    }
}
