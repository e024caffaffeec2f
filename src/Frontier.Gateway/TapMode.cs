namespace Frontier.Gateway;

/// <summary>What <see cref="ResponseTap"/> does with a response body, decided at its first byte.</summary>
internal enum TapMode
{
    /// <summary>Write through untouched.</summary>
    PassThrough,

    /// <summary>Write through and keep a bounded copy (a JSON response, to read its usage).</summary>
    CaptureJson,

    /// <summary>Server-sent events: write through event by event, reading usage and, when asked, dropping the usage-only chunk.</summary>
    ServerSentEvents,
}
