namespace Frontier.Bench;

/// <summary>What a streamed completion showed the reader.</summary>
/// <param name="FirstTokenTimestamp">Stopwatch timestamp of the first chunk carrying generated text; 0 when none came.</param>
/// <param name="OutputTokens">completion_tokens of the usage chunk; 0 when there was none.</param>
/// <param name="SawDone">Whether the stream ended with <c>data: [DONE]</c>.</param>
/// <param name="SawError">Whether an event carried an <c>"error"</c> object.</param>
public readonly record struct StreamOutcome(long FirstTokenTimestamp, int OutputTokens, bool SawDone, bool SawError);
