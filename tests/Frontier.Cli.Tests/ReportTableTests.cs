using System.Text.RegularExpressions;
using Frontier.Cli.Tables;

namespace Frontier.Cli.Tests;

/// <summary>The CLI's Spectre.Console tables: plain and stable when redirected, styled and fitted on a terminal.</summary>
public sealed partial class ReportTableTests
{
    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiStyle();

    private static string Render(ReportTable table, int? terminalWidth = null)
    {
        var writer = new StringWriter();
        table.WriteTo(writer, terminalWidth);
        return writer.ToString();
    }

    [Fact]
    public void Redirected_table_is_plain_text_with_a_rule_under_each_header_and_numbers_right_aligned()
    {
        var table = new ReportTable().Text("name").Number("n").Text("note").Row("a", "1", "[x] not markup").Row("bbbb", "100", "");

        Assert.Equal("""
            name    n  note
            ----  ---  --------------
            a       1  [x] not markup
            bbbb  100

            """.Replace("\r\n", "\n"), Render(table).Replace(Environment.NewLine, "\n"));
    }

    [Fact]
    public void Redirected_table_does_not_wrap_whatever_the_terminal_width()
    {
        var wide = new string('w', 150);
        var table = new ReportTable().Text("a").Text("b").Row(wide, wide);

        var lines = Render(table).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Equal($"{wide}  {wide}", lines[2]);
    }

    [Fact]
    public void Terminal_table_has_bold_headers_and_wraps_cells_to_fit_without_losing_a_column()
    {
        var table = new ReportTable();
        for (var i = 0; i < 10; i++) table.Number($"column-{i}");
        table.Row([.. Enumerable.Range(0, 10).Select(i => $"{i}.{i}{i}")]);

        var text = Render(table, terminalWidth: 60);

        Assert.Contains("\x1b[1m", text, StringComparison.Ordinal);
        var visible = AnsiStyle().Replace(text, string.Empty).Split(Environment.NewLine);
        Assert.All(visible, line => Assert.True(line.Length <= 60, $"'{line}' is wider than the terminal"));
        Assert.All(visible, line => Assert.Equal(line.TrimEnd(), line));
        for (var i = 0; i < 10; i++) Assert.Contains(visible, line => line.Contains($"{i}.{i}{i}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("plan", "--route", "chat", "--demand", "10")]
    [InlineData("cost")]
    public void Command_tables_are_plain_text_without_trailing_blanks_when_redirected(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.DoesNotContain('\x1b', result.Out);
        Assert.All(result.Out.Split(Environment.NewLine), line => Assert.Equal(line.TrimEnd(), line));
        Assert.Matches(@"\n-+  -+", result.Out);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_a_bug_caught_at_once()
    {
        Assert.Throws<ArgumentException>(() => new ReportTable().Text("a").Text("b").Row("only one"));
    }
}
