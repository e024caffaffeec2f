using Frontier.Replay;
using ScottPlot;

namespace Frontier.Cli.Plotting;

/// <summary>
/// Draws a <see cref="ReplayReport"/> as one image (PNG or SVG), three panels stacked: arrivals, planned demand and ready
/// capacity over time under the first policy; its replicas per candidate over time; every policy on the cost–quality
/// plane (cost per served request against mean quality) with the route's frontier.
/// </summary>
internal static class ReplayPlot
{
    private const int Width = 1400;
    private const int PanelHeight = 420;

    /// <summary>Writes the figure to <paramref name="path"/> (.png or .svg).</summary>
    public static void Save(ReplayReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        AnalysisPlot.CheckExtension(path);
        var font = AnalysisPlot.PickFont();
        var shown = report.Policies[0];
        var multiplot = new Multiplot(DemandPlot(report, shown, font));
        multiplot.AddPlot(ReplicaPlot(report, shown, font));
        multiplot.AddPlot(CostQualityPlot(report, font));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        AnalysisPlot.Write(multiplot, path, Width, 3 * PanelHeight);
    }

    private static Plot DemandPlot(ReplayReport report, PolicyResult policy, string? font)
    {
        var plot = AnalysisPlot.NewPlot(font);
        plot.Title($"{report.Route} under {policy.Policy}: demand and capacity ({report.Trace.Source})", 16);
        plot.XLabel("Time (minutes)", 13);
        plot.YLabel("Requests per second", 13);
        var minutes = policy.Timeline.Select(p => p.Seconds / 60).ToArray();
        if (minutes.Length == 0) return plot;
        Line(plot, minutes, policy.Timeline.Select(p => p.ArrivalRate).ToArray(), Colors.Gray, "arrivals (last interval)");
        Line(plot, minutes, policy.Timeline.Select(p => p.PlannedDemand).ToArray(), Colors.Blue, "planned demand");
        Line(plot, minutes, policy.Timeline.Select(p => p.ReadyCapacity).ToArray(), Colors.Green, "ready capacity at best points");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot ReplicaPlot(ReplayReport report, PolicyResult policy, string? font)
    {
        var plot = AnalysisPlot.NewPlot(font);
        plot.Title($"Replicas per candidate under {policy.Policy}", 16);
        plot.XLabel("Time (minutes)", 13);
        plot.YLabel("Replicas (starting or ready)", 13);
        var minutes = policy.Timeline.Select(p => p.Seconds / 60).ToArray();
        if (minutes.Length == 0) return plot;
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < report.CandidateNames.Count; i++)
        {
            var line = Line(plot, minutes, policy.Timeline.Select(p => (double)p.Replicas[i]).ToArray(), palette.GetColor(i), report.CandidateNames[i]);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot CostQualityPlot(ReplayReport report, string? font)
    {
        var plot = AnalysisPlot.NewPlot(font);
        plot.Title("Policies on the cost–quality plane", 16);
        plot.XLabel("Cost per 1k served requests (USD)", 13);
        plot.YLabel("Mean quality of served requests", 13);
        var frontier = report.Frontier.OrderBy(p => p.CostPerRequestUsd).ToArray();
        if (frontier.Length > 0)
        {
            var line = plot.Add.Scatter(frontier.Select(p => p.CostPerRequestUsd * 1000).ToArray(), frontier.Select(p => p.Quality).ToArray(), Colors.Black);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "frontier (each candidate at its points)";
        }
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < report.Policies.Count; i++)
        {
            var p = report.Policies[i];
            if (p.Served == 0) continue;
            var marker = plot.Add.Marker(p.CostPer1kRequestsUsd, p.MeanQuality, MarkerShape.FilledCircle, 14, palette.GetColor(i));
            marker.LegendText = p.Policy;
        }
        AnalysisPlot.NumberTicks(plot.Axes.Bottom, usd: true);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, Color color, string label)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = label;
        return line;
    }
}
