namespace Frontier.Bench;

/// <summary>How one request ended.</summary>
public enum RequestErrorKind
{
    /// <summary>It streamed to the end.</summary>
    None,

    /// <summary>No connection could be made (server down, wrong port).</summary>
    Connect,

    /// <summary>The server answered 4xx (a bad request, an unknown model, a rate limit).</summary>
    ClientError,

    /// <summary>The server answered 5xx.</summary>
    ServerError,

    /// <summary>The connection broke or the stream ended before <c>[DONE]</c>.</summary>
    Stream,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,
}
