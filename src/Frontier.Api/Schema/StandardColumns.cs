namespace Frontier.Api.Schema;

/// <summary>JSONPaths and descriptions of the printer columns every Frontier kind shares.</summary>
public static class StandardColumns
{
    /// <summary>Creation time, printed by kubectl as an age.</summary>
    public const string AgePath = ".metadata.creationTimestamp";

    /// <summary>Description of the Age column.</summary>
    public const string AgeDescription = "Time since the object was created.";

    /// <summary>Status of the Ready condition.</summary>
    public const string ReadyPath = ".status.conditions[?(@.type==\"Ready\")].status";

    /// <summary>Description of the Ready column.</summary>
    public const string ReadyDescription = "Status of the Ready condition: True, False or Unknown.";
}
