using Spectre.Console;
using Spectre.Console.Rendering;

namespace Frontier.Cli.Tables;

/// <summary>
/// Renders Spectre.Console widgets onto the command's output. On a terminal: ANSI styles and the terminal's width.
/// Anywhere else (a pipe, a file, a test's StringWriter): no escape codes and a fixed width, so the text is the same
/// wherever it runs. Either way lines carry no trailing blanks.
/// </summary>
internal static class TableWriter
{
    /// <summary>The width when the output is not a terminal: wide enough that no report table wraps.</summary>
    public const int RedirectedWidth = 400;

    /// <summary>Writes <paramref name="widget"/> to <paramref name="writer"/>, styled only when it is the terminal.</summary>
    public static void Write(IRenderable widget, TextWriter writer) => Write(widget, writer, TerminalWidth(writer));

    /// <summary>Writes <paramref name="widget"/>: for a terminal <paramref name="terminalWidth"/> columns wide, or plain when null.</summary>
    public static void Write(IRenderable widget, TextWriter writer, int? terminalWidth)
    {
        var buffer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminalWidth is null ? AnsiSupport.No : AnsiSupport.Yes,
            ColorSystem = terminalWidth is null ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(buffer),
        });
        console.Profile.Width = terminalWidth ?? RedirectedWidth;
        console.Write(widget);

        var lines = buffer.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        foreach (var line in lines) writer.WriteLine(line);
    }

    /// <summary>The terminal's width when <paramref name="writer"/> is the process's own, unredirected stdout; else null.</summary>
    private static int? TerminalWidth(TextWriter writer)
    {
        if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected) return null;
        try { return Math.Max(Console.WindowWidth, 40); }
        catch (IOException) { return null; }
    }
}
