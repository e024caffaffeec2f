namespace Frontier.Gateway;

/// <summary>How one forwarding attempt ended.</summary>
public enum AttemptOutcome
{
    /// <summary>The backend's response (any status) went to the client.</summary>
    Answered,

    /// <summary>The backend answered 5xx and, as a retry was possible, nothing of it reached the client.</summary>
    Discarded5xx,

    /// <summary>No response: the connection was refused, reset or timed out before the response headers.</summary>
    ConnectFailure,

    /// <summary>The backend broke off its response after it had started reaching the client.</summary>
    BackendBroke,

    /// <summary>The client went away; says nothing about the backend.</summary>
    ClientGone,
}
