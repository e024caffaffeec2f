namespace Frontier.Traces;

/// <summary>A trace that cannot be read; the message is "source:line: problem".</summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or other source) name.</param>
    /// <param name="line">The 1-based line, or 0 when the problem is not on one line (e.g. an empty trace).</param>
    /// <param name="problem">What is wrong, and where it helps, how to fix it.</param>
    public TraceFormatException(string source, int line, string problem)
        : base(line > 0 ? $"{source}:{line}: {problem}" : $"{source}: {problem}")
    {
        Source = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file (or other source) name.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line, 0 when the problem is not on one line.</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
