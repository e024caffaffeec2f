namespace Frontier.Cli.Status;

/// <summary>One of a route's conditions.</summary>
internal sealed record ConditionReport(string Type, string Status, string? Reason, string? Message, DateTime? LastTransitionTime);
