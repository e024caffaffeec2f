namespace Frontier.Bench.Import;

/// <summary>A result file another tool wrote cannot be read; the message names the file and the missing or bad field.</summary>
public sealed class ImportException(string message) : Exception(message);
