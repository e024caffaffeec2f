namespace Frontier.Testing;

/// <summary>How an external command ended.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>stdout followed by stderr.</summary>
    public string Output => StdErr.Length == 0 ? StdOut : StdOut.Length == 0 ? StdErr : StdOut + "\n" + StdErr;

    /// <summary>Returns this result, or throws with the command and its output if it failed.</summary>
    public ToolResult EnsureSuccess() =>
        Succeeded ? this : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}:\n{Output}");

    public override string ToString() => $"`{Command}` -> {ExitCode}\n{Output}";
}
