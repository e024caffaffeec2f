using Spectre.Console;
using Spectre.Console.Rendering;

namespace Frontier.Cli.Tables;

/// <summary>
/// The CLI's table look: no frame, two spaces between columns and a dashed rule under each header, so a table reads
/// the same in a terminal, a log or a diff, and <c>grep</c>/<c>awk</c> see columns separated by spaces.
/// </summary>
/// <remarks>
/// Spectre.Console sizes a table counting one character per column separator, so the separator here is one space
/// and <see cref="ReportTable"/> pads every column after the first by one more; the rule skips that padding.
/// </remarks>
internal sealed class HeaderRuleBorder : TableBorder
{
    public override string GetPart(TableBorderPart part) => part switch
    {
        TableBorderPart.HeaderSeparator or TableBorderPart.CellSeparator => " ",
        _ => string.Empty,
    };

    public override string GetColumnRow(TablePart part, IReadOnlyList<int> widths, IReadOnlyList<IColumn> columns) =>
        part == TablePart.HeaderSeparator ? string.Join("  ", widths.Select(w => new string('-', w))) : string.Empty;
}
