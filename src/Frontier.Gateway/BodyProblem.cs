namespace Frontier.Gateway;

/// <summary>Why a request body cannot be routed (each is a 400 invalid_request_error at the edge).</summary>
public enum BodyProblem
{
    /// <summary>The body can be routed.</summary>
    None,

    /// <summary>Not one well-formed JSON object.</summary>
    NotAJsonObject,

    /// <summary>A string holds bytes that are not UTF-8.</summary>
    InvalidUtf8,

    /// <summary>"model" appears more than once at the top level (the gateway and the backend might read different ones).</summary>
    DuplicateModel,

    /// <summary>"model" is missing, blank or not a string.</summary>
    MissingModel,
}
