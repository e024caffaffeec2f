namespace Frontier.Gateway;

/// <summary>What outlier detection counts against a backend.</summary>
public enum BackendFailureKind
{
    /// <summary>A 5xx answer, or a response the backend broke off.</summary>
    ServerError,

    /// <summary>No answer: the connection was refused, reset or timed out before the response headers.</summary>
    ConnectFailure,
}
