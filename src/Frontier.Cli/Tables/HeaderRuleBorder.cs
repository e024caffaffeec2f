using Spectre.Console;
using Spectre.Console.Rendering;

namespace Frontier.Cli.Tables;

/// <summary>
/// The CLI's table look: no frame, two spaces between columns and a dashed rule under each header, so a table reads
/// the same in a terminal, a log or a diff, and <c>grep</c>/<c>awk</c> see columns separated by spaces.
/// </summary>
internal sealed class HeaderRuleBorder : TableBorder
{
    public const string Gutter = "  ";

    public override string GetPart(TableBorderPart part) => part switch
    {
        TableBorderPart.HeaderBottom => "-",
        TableBorderPart.HeaderSeparator or TableBorderPart.HeaderBottomSeparator or TableBorderPart.CellSeparator => Gutter,
        _ => string.Empty,
    };
}
