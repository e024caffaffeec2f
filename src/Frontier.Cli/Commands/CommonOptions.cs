using System.CommandLine;

namespace Frontier.Cli.Commands;

/// <summary>The options several commands share, defined once so their names, help and messages agree.</summary>
internal static class CommonOptions
{
    /// <summary><c>-f, --file FILE</c>, repeatable: the manifests to read; none means the embedded sample.</summary>
    public static Option<string[]> Files() => ValueOptions.Repeated("--file", "-f", "FILE",
        "a multi-document YAML file as for kubectl apply -f (repeat for more); without it, the embedded sample dataset");

    /// <summary><c>-o, --output table|json</c>: how the result is printed (tables unless told otherwise).</summary>
    public static Option<OutputFormat?> Output() => ValueOptions.Choice<OutputFormat>("--output", "-o",
        "tables for people (the default) or indented JSON for scripts");
}
