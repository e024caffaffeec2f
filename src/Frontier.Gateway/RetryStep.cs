namespace Frontier.Gateway;

/// <summary>What the proxy does after an attempt.</summary>
public enum RetryStep
{
    /// <summary>The request is finished (answered, or it failed with no retry left).</summary>
    Done,

    /// <summary>Try another candidate (not the ones that failed this request).</summary>
    Retry,
}
