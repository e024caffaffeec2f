using System.Xml.Linq;
using Frontier.Cli.Plotting;
using Frontier.Cli.Reports;
using SkiaSharp;

namespace Frontier.Cli.Tests;

public sealed class AnalysisPlotTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string directory = Directory.CreateTempSubdirectory("frontier-plot-tests-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("analysis.png")]
    [InlineData("analysis.PNG")]
    public void Png_is_a_decodable_multicoloured_image_of_the_figure_size(string name)
    {
        var path = Path.Combine(directory, name);

        AnalysisPlot.Save(Report(), path);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes.Take(PngSignature.Length));
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        var (width, height) = AnalysisPlot.FigureSize(2);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        Assert.True(bitmap.Width > 800, $"width {bitmap.Width} should be > 800 px");
        Assert.True(DistinctColours(bitmap) > 10, "the image should not be (nearly) a single colour");
    }

    [Theory]
    [InlineData("analysis.svg")]
    [InlineData("analysis.Svg")]
    public void Svg_is_xml_with_the_title_and_every_model_name(string name)
    {
        var path = Path.Combine(directory, name);

        AnalysisPlot.Save(Report(), path);

        var text = File.ReadAllText(path);
        Assert.Contains("<svg", text, StringComparison.Ordinal);
        var document = XDocument.Parse(text);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        var words = string.Join("\n", document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()));
        Assert.Contains("Cost–quality frontier", words, StringComparison.Ordinal);
        Assert.Contains("small-model", words, StringComparison.Ordinal);
        Assert.Contains("large-model", words, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("analysis.jpg", ".jpg")]
    [InlineData("analysis.pdf", ".pdf")]
    [InlineData("analysis", "")]
    public void Other_extensions_are_rejected_naming_the_supported_ones(string name, string extension)
    {
        var path = Path.Combine(directory, name);

        var error = Assert.Throws<ArgumentException>(() => AnalysisPlot.Save(Report(), path));

        Assert.Contains(".png", error.Message, StringComparison.Ordinal);
        Assert.Contains(".svg", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{extension}'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_report_without_zones_best_points_or_frontier_still_renders()
    {
        var report = Report() with
        {
            Frontier = [],
            Models = [.. Report().Models.Select(m => m with
            {
                Best = null,
                Zone = null,
                Points = [.. m.Points.Select(p => p with { MeetsSlo = false })],
            })],
        };
        var png = Path.Combine(directory, "empty.png");
        var svg = Path.Combine(directory, "empty.svg");

        AnalysisPlot.Save(report, png);
        AnalysisPlot.Save(report, svg);

        Assert.True(new FileInfo(png).Length > 0);
        XDocument.Parse(File.ReadAllText(svg));
    }

    [Fact]
    public void A_report_without_models_renders_the_scatter_alone()
    {
        var report = Report() with { Models = [], Frontier = [] };
        var path = Path.Combine(directory, "none.png");

        AnalysisPlot.Save(report, path);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(AnalysisPlot.FigureSize(0), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 1)]
    [InlineData(4, 2, 2)]
    [InlineData(9, 3, 3)]
    [InlineData(10, 4, 3)]
    public void Model_panels_form_a_grid(int models, int columns, int rows)
    {
        Assert.Equal((columns, rows), AnalysisPlot.PanelGrid(models));
    }

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 7)
        {
            for (var x = 0; x < bitmap.Width; x += 7)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }

    /// <summary>Two models × four concurrency levels; the frontier holds the best point of each.</summary>
    private static AnalysisReport Report()
    {
        static PointReport Point(int concurrency, double costPerRequest, bool meetsSlo) =>
            new(concurrency, 1000.0 / concurrency, costPerRequest * 1000, costPerRequest, concurrency / 2.0,
                0.1 * concurrency, 1.5, null, null, meetsSlo, 1, null);

        static PrincipleReport Holds() => new(true, "test", 1, 0.1);

        var small = new ModelReport(
            "small-model", "Small-7B", "bench", 65.2, "a800", 2, 1.58,
            [Point(1, 0.0003, true), Point(4, 0.0001, true), Point(16, 0.00005, true), Point(64, 0.000045, false)],
            new FitReport(12, 8, 0.99),
            new BestReport(16, 0.05, 0.00005, 8),
            new ZoneReport(16, 16),
            new PrinciplesReport(Holds(), Holds()));
        var large = new ModelReport(
            "large-model", "Large-72B", "bench", 79.8, "a800", 2, 1.58,
            [Point(1, 0.0025, true), Point(4, 0.0008, true), Point(16, 0.0003, true), Point(64, 0.00022, true)],
            new FitReport(2.3, 12, 0.98),
            new BestReport(64, 0.22, 0.00022, 2.2),
            new ZoneReport(16, 64),
            new PrinciplesReport(Holds(), Holds()));

        return new AnalysisReport(
            "test dataset", "TTFT ≤ 2 s", 0.1,
            [new GpuProfileReport("a800", 0.79, "tco", new BreakdownReport(0.5, 0.1, 0.19))],
            [small, large],
            [
                new FrontierPointReport("small-model", 16, 0.05, 0.00005, 65.2),
                new FrontierPointReport("large-model", 64, 0.22, 0.00022, 79.8),
            ]);
    }
}
