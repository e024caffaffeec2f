namespace Frontier.Traces;

/// <summary>One request of a trace.</summary>
/// <param name="ArrivalSeconds">Seconds since the trace's first arrival (the first request is at 0).</param>
/// <param name="InputTokens">Prompt tokens (the trace's ContextTokens).</param>
/// <param name="OutputTokens">Generated tokens (the trace's GeneratedTokens).</param>
public readonly record struct TraceRequest(double ArrivalSeconds, int InputTokens, int OutputTokens);
