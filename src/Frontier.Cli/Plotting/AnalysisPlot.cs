using System.Globalization;
using System.Text;
using Frontier.Cli.Reports;
using ScottPlot;
using SkiaSharp;

namespace Frontier.Cli.Plotting;

/// <summary>
/// Draws an <see cref="AnalysisReport"/> as one image (PNG or SVG): the cost–quality scatter with its frontier across
/// the top, one small panel per model below it (cost per request against concurrency, optimal zone shaded, best point
/// marked), and a caption naming the dataset and service level at the bottom.
/// </summary>
internal static class AnalysisPlot
{
    internal const string Title = "Cost–quality frontier";

    /// <summary>Width of the whole figure in pixels (PNG) or user units (SVG).</summary>
    internal const int FigureWidth = 1600;

    internal const int ScatterHeight = 680;
    internal const int PanelHeight = 360;
    internal const int CaptionHeight = 96;

    private const float CaptionFontSize = 13;
    private const float PanelTitleSize = 15;
    private const int CaptionLinesPerSentence = 2;

    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    /// <summary>Writes the figure to <paramref name="path"/>; its extension, .png or .svg (any case), picks the format.</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public static void Save(AnalysisReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);

        CheckExtension(path);
        var (width, height) = FigureSize(report.Models.Count);
        Write(Build(report, width), path, width, height);
    }

    /// <summary>Refuses a path whose extension is neither .png nor .svg (any case).</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    internal static void CheckExtension(string path)
    {
        var extension = Path.GetExtension(path);
        if (!extension.Equals(".svg", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--plot: unsupported file type '{extension}'; use .png or .svg");
        }
    }

    /// <summary>Renders <paramref name="multiplot"/> to <paramref name="path"/> (PNG or SVG by its extension), then disposes its plots.</summary>
    internal static void Write(Multiplot multiplot, string path, int width, int height)
    {
        try
        {
            CheckExtension(path);
            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
            {
                File.WriteAllText(path, RenderSvg(multiplot, width, height), new UTF8Encoding(false));
            }
            else
            {
                File.WriteAllBytes(path, RenderPng(multiplot, width, height));
            }
        }
        finally
        {
            foreach (var plot in multiplot.Subplots.GetPlots())
            {
                plot.Dispose();
            }
        }
    }

    /// <summary>The figure size for a report with <paramref name="modelCount"/> models.</summary>
    internal static (int Width, int Height) FigureSize(int modelCount)
    {
        var (_, rows) = PanelGrid(modelCount);
        return (FigureWidth, ScatterHeight + (rows * PanelHeight) + CaptionHeight);
    }

    /// <summary>Columns and rows of the per-model panel grid.</summary>
    internal static (int Columns, int Rows) PanelGrid(int modelCount)
    {
        if (modelCount <= 0)
        {
            return (1, 0);
        }

        var columns = modelCount switch
        {
            <= 3 => modelCount,
            4 => 2,
            <= 9 => 3,
            _ => 4,
        };
        return (columns, (modelCount + columns - 1) / columns);
    }

    private static Multiplot Build(AnalysisReport report, int width)
    {
        var font = PickFont();
        var styles = ModelStyles(report.Models);

        var (columns, rows) = PanelGrid(report.Models.Count);
        var multiplot = new Multiplot(CostQualityPlot(report, styles, font));
        foreach (var model in report.Models)
        {
            multiplot.AddPlot(ModelPlot(model, styles[model.Name], font, (float)width / columns));
        }

        multiplot.AddPlot(CaptionPlot(report, font, width));

        multiplot.Layout = new FigureLayout(columns, rows);
        return multiplot;
    }

    private static Plot CostQualityPlot(AnalysisReport report, IReadOnlyDictionary<string, ModelStyle> styles, string? font)
    {
        var plot = NewPlot(font);
        plot.Title(Title, 22);
        plot.YLabel("Quality (benchmark score)", 15);

        var series = report.Models
            .Where(m => double.IsFinite(m.Quality))
            .Select(m => (Model: m, Points: m.Points
                .Where(p => p.MeetsSlo && double.IsFinite(p.CostPerRequestUsd))
                .OrderBy(p => p.CostPerRequestUsd)
                .ToArray()))
            .Where(s => s.Points.Length > 0)
            .ToArray();
        var frontier = report.Frontier
            .Where(f => double.IsFinite(f.CostPerRequestUsd) && double.IsFinite(f.Quality))
            .OrderBy(f => f.CostPerRequestUsd)
            .ToArray();

        var costs = series.SelectMany(s => s.Points.Select(p => p.CostPerRequestUsd))
            .Concat(frontier.Select(f => f.CostPerRequestUsd))
            .ToArray();
        if (costs.Length == 0)
        {
            plot.XLabel("Cost per request (USD)", 15);
            var empty = plot.Add.Annotation("no model meets the service level", Alignment.MiddleCenter);
            empty.LabelFontSize = 16;
            empty.LabelBackgroundColor = Colors.White;
            empty.LabelBorderColor = Colors.Gray;
            empty.LabelShadowColor = Colors.Transparent;
            SetFont(empty.LabelStyle, font);
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
            return plot;
        }

        // Cost per request spans orders of magnitude (concurrency 1 vs. 128, small vs. large models): log axis when possible.
        var log = costs.All(c => c > 0);
        Func<double, double> x = log ? Math.Log10 : c => c;
        plot.XLabel(log ? "Cost per request (USD, log scale)" : "Cost per request (USD)", 15);

        foreach (var (model, points) in series)
        {
            var scatter = plot.Add.ScatterPoints(
                points.Select(p => x(p.CostPerRequestUsd)).ToArray(),
                points.Select(_ => model.Quality).ToArray(),
                styles[model.Name].Color);
            scatter.MarkerShape = styles[model.Name].Shape;
            scatter.MarkerSize = 9;
            scatter.LegendText = model.Name;
        }

        if (frontier.Length > 0)
        {
            var line = plot.Add.Scatter(
                frontier.Select(f => x(f.CostPerRequestUsd)).ToArray(),
                frontier.Select(f => f.Quality).ToArray(),
                Colors.Black);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LinePattern = LinePattern.Dashed;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.MarkerSize = 17;
            line.MarkerLineWidth = 2;
            line.LegendText = "frontier";

            foreach (var point in frontier)
            {
                var label = plot.Add.Text($"{point.Name} @ c={point.Concurrency}", x(point.CostPerRequestUsd), point.Quality);
                label.LabelFontSize = 12;
                label.LabelFontColor = Colors.Black;
                label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
                label.LabelAlignment = Alignment.LowerRight;
                label.OffsetX = -9;
                label.OffsetY = -7;
                SetFont(label.LabelStyle, font);
            }
        }

        var (low, high) = (x(costs.Min()), x(costs.Max()));
        var pad = Math.Max((high - low) * 0.06, log ? 0.05 : Math.Abs(high) * 0.05 + 1e-12);
        // Extra room on the left for the frontier labels, which sit left of their points.
        plot.Axes.SetLimitsX(low - (pad * 3), high + pad);
        var qualities = series.Select(s => s.Model.Quality).Concat(frontier.Select(f => f.Quality)).ToArray();
        var qualityPad = Math.Max((qualities.Max() - qualities.Min()) * 0.1, 0.5);
        plot.Axes.SetLimitsY(qualities.Min() - qualityPad, qualities.Max() + (qualityPad * 1.3));

        if (log)
        {
            plot.Axes.Bottom.TickGenerator = LogUsdTicks(low - (pad * 3), high + pad);
        }
        else
        {
            NumberTicks(plot.Axes.Bottom, usd: true);
        }

        NumberTicks(plot.Axes.Left, usd: false);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
        if (font is not null)
        {
            plot.Legend.FontName = font;
        }

        return plot;
    }

    private static Plot ModelPlot(ModelReport model, ModelStyle style, string? font, float panelWidth)
    {
        var color = style.Color;
        var plot = NewPlot(font);
        var title = $"{model.Name} ({model.Model})";
        if (string.IsNullOrWhiteSpace(model.Model) || model.Name == model.Model || TextWidth(title, font, PanelTitleSize) > panelWidth * 0.85)
        {
            title = model.Name;
        }

        plot.Title(title, PanelTitleSize);
        plot.XLabel("Concurrency (log₂ scale)", 13);
        plot.YLabel("Cost per request (USD)", 13);

        var points = model.Points
            .Where(p => p.Concurrency > 0 && double.IsFinite(p.CostPerRequestUsd))
            .OrderBy(p => p.Concurrency)
            .ToArray();

        if (model.Zone is { } zone && zone.MinConcurrency > 0 && zone.MaxConcurrency >= zone.MinConcurrency)
        {
            var span = plot.Add.HorizontalSpan(Math.Log2(zone.MinConcurrency) - 0.2, Math.Log2(zone.MaxConcurrency) + 0.2);
            span.FillColor = color.WithAlpha(0.18);
            span.LineColor = color.WithAlpha(0.5);
            span.LineWidth = 1;
        }

        if (points.Length == 0)
        {
            plot.Add.Annotation("no measurements", Alignment.MiddleCenter);
            return plot;
        }

        var xs = points.Select(p => Math.Log2(p.Concurrency)).ToArray();
        var curve = plot.Add.Scatter(xs, points.Select(p => p.CostPerRequestUsd).ToArray(), color);
        curve.LineWidth = 2;
        curve.MarkerShape = style.Shape;
        curve.MarkerSize = 7;

        var missed = points.Where(p => !p.MeetsSlo).ToArray();
        if (missed.Length > 0)
        {
            var misses = plot.Add.Markers(
                missed.Select(p => Math.Log2(p.Concurrency)).ToArray(),
                missed.Select(p => p.CostPerRequestUsd).ToArray(),
                MarkerShape.Eks,
                12,
                Colors.Red);
            misses.MarkerLineWidth = 2;
        }

        var xLow = Math.Floor(xs[0]);
        var xHigh = Math.Ceiling(xs[^1]);
        if (model.Zone is { } z && z.MinConcurrency > 0 && z.MaxConcurrency >= z.MinConcurrency)
        {
            xLow = Math.Min(xLow, Math.Floor(Math.Log2(z.MinConcurrency)));
            xHigh = Math.Max(xHigh, Math.Ceiling(Math.Log2(z.MaxConcurrency)));
        }

        var costLow = points.Min(p => p.CostPerRequestUsd);
        var costHigh = points.Max(p => p.CostPerRequestUsd);
        var costPad = Math.Max((costHigh - costLow) * 0.12, Math.Abs(costHigh) * 0.05 + 1e-12);
        plot.Axes.SetLimitsX(xLow - 0.35, xHigh + 0.35);
        // Headroom at the top for the summary note.
        plot.Axes.SetLimitsY(Math.Min(0, costLow - costPad), costHigh + (costPad * 2));

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var k = (int)xLow; k <= (int)xHigh; k++)
        {
            ticks.AddMajor(k, Math.Pow(2, k).ToString("0.###", CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        NumberTicks(plot.Axes.Left, usd: true);

        var summary = new List<string>();
        if (model.Best is { } best && best.Concurrency > 0 && double.IsFinite(best.CostPerRequestUsd))
        {
            plot.Add.Marker(Math.Log2(best.Concurrency), best.CostPerRequestUsd, MarkerShape.FilledDiamond, 15, Colors.Black);
            summary.Add($"best c={best.Concurrency}: {FormatUsd(best.CostPerRequestUsd)}/req");
        }
        else
        {
            summary.Add("no point meets the service level");
        }

        if (model.Zone is { } shown)
        {
            summary.Add(shown.MinConcurrency == shown.MaxConcurrency
                ? $"zone {shown.MinConcurrency}"
                : $"zone {shown.MinConcurrency}–{shown.MaxConcurrency}");
        }

        var note = plot.Add.Annotation(string.Join(" · ", summary), Alignment.UpperRight);
        note.LabelFontSize = 12;
        note.LabelFontColor = Colors.Black;
        note.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        note.LabelBorderColor = color;
        note.LabelShadowColor = Colors.Transparent;
        SetFont(note.LabelStyle, font);

        return plot;
    }

    /// <summary>An axis-less plot holding only the caption: dataset, service level and what the marks mean.</summary>
    private static Plot CaptionPlot(AnalysisReport report, string? font, int width)
    {
        var plot = NewPlot(font);
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        plot.DataBackground.Color = Colors.Transparent;

        var sentences = new List<string>();
        if (!string.IsNullOrWhiteSpace(report.Dataset))
        {
            sentences.Add($"Dataset: {report.Dataset.Trim().TrimEnd('.')}.");
        }

        var zone = double.IsFinite(report.ZoneTolerance)
            ? string.Create(CultureInfo.InvariantCulture, $" Optimal zone (shaded) = within {report.ZoneTolerance:P0} of the best cost per request.")
            : string.Empty;
        sentences.Add(
            (string.IsNullOrWhiteSpace(report.ServiceLevel) ? string.Empty : $"Service level: {report.ServiceLevel}. ")
            + "The scatter shows only points that meet it; \u00d7 = misses it, \u25c6 = best point." + zone);

        var lines = sentences.SelectMany(sentence => Wrap(sentence, font, width - 80, CaptionLinesPerSentence));
        var caption = plot.Add.Annotation(string.Join('\n', lines), Alignment.UpperLeft);
        caption.LabelFontSize = CaptionFontSize;
        caption.LabelFontColor = Colors.Black.WithAlpha(0.8);
        caption.LabelBackgroundColor = Colors.Transparent;
        caption.LabelBorderColor = Colors.Transparent;
        caption.LabelShadowColor = Colors.Transparent;
        caption.OffsetX = 8;
        caption.OffsetY = 6;
        SetFont(caption.LabelStyle, font);
        return plot;
    }

    /// <summary>
    /// Greedy word wrap measured with the real font; words wider than a line are cut. At most
    /// <paramref name="maxLines"/> lines; when the text is longer, the last line ends in an ellipsis.
    /// </summary>
    private static List<string> Wrap(string paragraph, string? font, float maxWidth, int maxLines)
    {
        bool Fits(string text) => TextWidth(text, font, CaptionFontSize) <= maxWidth;

        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines.Count > maxLines)
            {
                break;
            }

            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (Fits(candidate))
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            while (!Fits(line) && line.Length > 1 && lines.Count <= maxLines)
            {
                // No glyph is narrower than a quarter of the font size, so no more characters than this can fit.
                var cut = Math.Min(line.Length - 1, Math.Max(1, (int)(maxWidth / (CaptionFontSize / 4))));
                while (cut > 1 && !Fits(line[..cut]))
                {
                    cut--;
                }

                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        if (lines.Count > maxLines)
        {
            lines = lines.Take(maxLines).ToList();
            var last = lines[^1];
            while (last.Length > 0 && !Fits(last + " …"))
            {
                last = last[..^1];
            }

            lines[^1] = last + " …";
        }

        return lines;
    }

    private static float TextWidth(string text, string? font, float size)
    {
        using var typeface = font is null ? null : SKTypeface.FromFamilyName(font);
        using var skFont = new SKFont(typeface ?? SKTypeface.Default, size);
        return skFont.MeasureText(text);
    }

    internal static Plot NewPlot(string? font)
    {
        var plot = new Plot();
        if (font is not null)
        {
            plot.Font.Set(font);
        }

        return plot;
    }

    internal static void SetFont(LabelStyle style, string? font)
    {
        if (font is not null)
        {
            style.FontName = font;
        }
    }

    /// <summary>USD ticks on a log10 axis: 1, 2 and 5 × 10^k labelled (every digit when the range is narrow), the rest minor.</summary>
    internal static ScottPlot.TickGenerators.NumericManual LogUsdTicks(double low, double high)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var narrow = high - low < 0.6;
        var wide = high - low > 3.5;
        for (var k = (int)Math.Floor(low); k <= (int)Math.Ceiling(high); k++)
        {
            for (var m = 1; m <= 9; m++)
            {
                var value = m * Math.Pow(10, k);
                var position = Math.Log10(value);
                if (position < low || position > high)
                {
                    continue;
                }

                var major = narrow || m == 1 || (!wide && m is 2 or 5);
                if (major)
                {
                    ticks.AddMajor(position, FormatUsd(value));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }

    internal static void NumberTicks(IAxis axis, bool usd)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = usd ? FormatUsd : FormatNumber,
            TargetTickCount = 6,
        };
    }

    private static string FormatUsd(double value) => value < 0 ? "-$" + FormatNumber(-value) : "$" + FormatNumber(value);

    /// <summary>Three significant digits, never scientific notation (cost per request is often below a cent).</summary>
    private static string FormatNumber(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value == 0 ? "0" : value.ToString(CultureInfo.InvariantCulture);
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(2 - magnitude, 0, 15);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>One colour per model; past ten models the colours repeat with another marker shape.</summary>
    private static Dictionary<string, ModelStyle> ModelStyles(IReadOnlyList<ModelReport> models)
    {
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledTriangleDown];
        var palette = new ScottPlot.Palettes.Category10();
        var styles = new Dictionary<string, ModelStyle>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (!styles.ContainsKey(model.Name))
            {
                var index = styles.Count;
                styles[model.Name] = new ModelStyle(palette.GetColor(index), shapes[index / palette.Colors.Length % shapes.Length]);
            }
        }

        return styles;
    }

    /// <summary>An installed font, so text never renders as boxes; null keeps ScottPlot's own choice.</summary>
    internal static string? PickFont()
    {
        var installed = new HashSet<string>(SKFontManager.Default.GetFontFamilies(), StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains);
    }

    private static byte[] RenderPng(Multiplot multiplot, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height))
            ?? throw new InvalidOperationException("--plot: could not create a drawing surface");
        Draw(multiplot, surface.Canvas, width, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string RenderSvg(Multiplot multiplot, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var managed = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), managed))
        {
            Draw(multiplot, canvas, width, height);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Renders every subplot into its cell of the layout on a white background. This is Multiplot.Render without its
    /// <c>canvas.Clear()</c>, which an SVG canvas records as a black full-size rectangle. ScottPlot renders a plot twice
    /// the first time (to settle its layout), so a warm-up pass on a no-draw canvas keeps the SVG free of duplicates.
    /// </summary>
    private static void Draw(Multiplot multiplot, SKCanvas canvas, int width, int height)
    {
        var figure = new PixelRect(width, height);
        var rects = multiplot.Layout.GetSubplotRectangles(multiplot.Subplots, figure);
        var plots = multiplot.Subplots.GetPlots();
        using (var warmUp = new SKNoDrawCanvas(width, height))
        {
            for (var i = 0; i < plots.Length; i++)
            {
                plots[i].RenderManager.ClearCanvasBeforeEachRender = false;
                plots[i].Render(warmUp, rects[i]);
            }
        }

        using (var paint = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill })
        {
            canvas.DrawRect(new SKRect(0, 0, width, height), paint);
        }

        for (var i = 0; i < plots.Length; i++)
        {
            plots[i].Render(canvas, rects[i]);
        }
    }

    private readonly record struct ModelStyle(Color Color, MarkerShape Shape);

    /// <summary>The cost–quality scatter across the top, the model panels in a grid below it, the caption at the bottom.</summary>
    private sealed class FigureLayout(int columns, int rows) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
        {
            var scale = figureRect.Height / (ScatterHeight + (rows * PanelHeight) + CaptionHeight);
            var scatterBottom = figureRect.Top + (ScatterHeight * scale);
            var panelHeight = PanelHeight * scale;
            var panelWidth = figureRect.Width / columns;
            var captionTop = scatterBottom + (rows * panelHeight);

            var rects = new PixelRect[subplots.Count];
            for (var i = 0; i < rects.Length; i++)
            {
                if (i == 0)
                {
                    rects[i] = new PixelRect(figureRect.Left, figureRect.Right, scatterBottom, figureRect.Top);
                }
                else if (i == rects.Length - 1)
                {
                    rects[i] = new PixelRect(figureRect.Left, figureRect.Right, figureRect.Bottom, captionTop);
                }
                else
                {
                    var row = (i - 1) / columns;
                    var column = (i - 1) % columns;
                    var left = figureRect.Left + (column * panelWidth);
                    var top = scatterBottom + (row * panelHeight);
                    rects[i] = new PixelRect(left, left + panelWidth, top + panelHeight, top);
                }
            }

            return rects;
        }
    }
}
