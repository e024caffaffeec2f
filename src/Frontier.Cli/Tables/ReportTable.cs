using Spectre.Console;

namespace Frontier.Cli.Tables;

/// <summary>
/// A Spectre.Console table in the CLI's style: text columns left-aligned, number columns right-aligned, headers in
/// bold where the terminal shows it, and every cell plain text (a '[' in a name is not markup).
/// </summary>
internal sealed class ReportTable
{
    private readonly Table _table = new() { Border = new HeaderRuleBorder() };

    /// <summary>Adds a left-aligned column.</summary>
    public ReportTable Text(string header) => Column(header, Justify.Left);

    /// <summary>Adds a right-aligned column, for figures.</summary>
    public ReportTable Number(string header) => Column(header, Justify.Right);

    /// <summary>Adds a row; one cell per column, in column order.</summary>
    public ReportTable Row(params string[] cells)
    {
        if (cells.Length != _table.Columns.Count) throw new ArgumentException($"expected {_table.Columns.Count} cells, got {cells.Length}", nameof(cells));
        _table.AddRow(cells.Select(c => new Text(c)));
        return this;
    }

    /// <summary>Writes the table to <paramref name="writer"/>, styled only if it is the terminal (see <see cref="TableWriter"/>).</summary>
    public void WriteTo(TextWriter writer) => TableWriter.Write(_table, writer);

    /// <summary>Writes the table as for a terminal <paramref name="terminalWidth"/> columns wide, or plain when null.</summary>
    public void WriteTo(TextWriter writer, int? terminalWidth) => TableWriter.Write(_table, writer, terminalWidth);

    private ReportTable Column(string header, Justify alignment)
    {
        // One space of padding before every column but the first: with the border's one-space separator, a two-space gutter.
        var padding = new Padding(left: _table.Columns.Count == 0 ? 0 : 1, top: 0, right: 0, bottom: 0);
        _table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))) { Alignment = alignment, Padding = padding });
        return this;
    }
}
