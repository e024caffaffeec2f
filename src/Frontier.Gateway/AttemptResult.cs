namespace Frontier.Gateway;

/// <summary>The result of one forwarding attempt.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Status">The backend's status code (the discarded one for <see cref="AttemptOutcome.Discarded5xx"/>).</param>
/// <param name="Tap">What the response stream saw (usage, captured JSON).</param>
/// <param name="FirstByte">Timestamp (of the injected clock) of the first response body byte, if any.</param>
internal readonly record struct AttemptResult(AttemptOutcome Outcome, int Status, ResponseTap Tap, long? FirstByte);
