namespace Frontier.Replay;

/// <summary>The replay cannot run on what it was given (no arrivals, no usable candidate); the message says which.</summary>
public sealed class ReplayInputException(string message) : Exception(message);
