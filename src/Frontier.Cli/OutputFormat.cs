namespace Frontier.Cli;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>Aligned tables for people.</summary>
    Table,

    /// <summary>Indented JSON for scripts.</summary>
    Json,
}
