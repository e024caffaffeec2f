namespace Frontier.Runtime;

/// <summary>The type of a core/v1 Event.</summary>
public enum EventSeverity
{
    /// <summary>Routine: something happened as expected.</summary>
    Normal,

    /// <summary>Something may need attention.</summary>
    Warning,
}
