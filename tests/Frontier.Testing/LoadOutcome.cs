namespace Frontier.Testing;

/// <summary>How one request of a <see cref="LoadGenerator{TContext}"/> ended.</summary>
public enum LoadOutcome
{
    /// <summary>Still in flight.</summary>
    Pending,

    /// <summary>200 with the whole answer (a JSON body, or a stream up to <c>data: [DONE]</c>).</summary>
    Answered,

    /// <summary>429: the gateway had no room within its bounded wait.</summary>
    Rejected,

    /// <summary>Any other status: 5xx, or a 4xx other than 429.</summary>
    ErrorStatus,

    /// <summary>No status (refused, reset, timed out), or a 200 whose body broke off or ended before the whole answer.</summary>
    Transport,
}
