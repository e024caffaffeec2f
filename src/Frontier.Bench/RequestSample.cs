namespace Frontier.Bench;

/// <summary>One measured request.</summary>
/// <param name="TtftSeconds">Send to the first chunk carrying generated text; NaN when none came.</param>
/// <param name="LatencySeconds">Send to the end of the stream (or to the failure).</param>
/// <param name="OutputTokens">Completion tokens the server reported in its usage chunk; 0 when it sent none.</param>
/// <param name="Error">How it ended.</param>
/// <param name="Status">The HTTP status, 0 when there was no answer.</param>
public readonly record struct RequestSample(double TtftSeconds, double LatencySeconds, int OutputTokens, RequestErrorKind Error, int Status = 200)
{
    /// <summary>Whether the request streamed to the end.</summary>
    public bool Succeeded => Error == RequestErrorKind.None;
}
