namespace Frontier.Bench;

/// <summary>A workload file cannot be used; the message names the file and line.</summary>
public sealed class WorkloadException(string message) : Exception(message);
