using System.Text.Json;

namespace Frontier.Gateway;

/// <summary>
/// What the gateway needs from an OpenAI request body, read in one forward pass with <see cref="Utf8JsonReader"/>
/// (no DOM): the alias in "model", whether "stream" is true, and where "stream_options" / its "include_usage" sit.
/// Positions are byte offsets into the body, so <see cref="RequestBody.Rewrite"/> can splice instead of re-serialising.
/// Strings are checked to be valid UTF-8 and a second top-level "model" is noted, in the same pass: both make the
/// gateway answer 400 (<see cref="Problem"/>), since the backend would fail on the bytes or might read the other "model".
/// For any other member that appears twice, the last one counts (as in the Python servers behind the gateway).
/// </summary>
public readonly record struct RequestFacts
{
    /// <summary>Whether the body is one well-formed JSON object.</summary>
    public bool IsObject { get; init; }

    /// <summary>Whether a string in the body (a member name included) is not valid UTF-8.</summary>
    public bool InvalidUtf8 { get; init; }

    /// <summary>Whether the body has more than one top-level "model" member.</summary>
    public bool DuplicateModel { get; init; }

    /// <summary>Why the body cannot be routed, or <see cref="BodyProblem.None"/>.</summary>
    public BodyProblem Problem =>
        !IsObject ? BodyProblem.NotAJsonObject
        : InvalidUtf8 ? BodyProblem.InvalidUtf8
        : DuplicateModel ? BodyProblem.DuplicateModel
        : Model is null ? BodyProblem.MissingModel
        : BodyProblem.None;

    /// <summary>"model" when it is a non-blank string; otherwise null.</summary>
    public string? Model { get; init; }

    /// <summary>Offset and length of the "model" string token (quotes included).</summary>
    public (int Start, int Length) ModelToken { get; init; }

    /// <summary>Whether "stream" is true.</summary>
    public bool Stream { get; init; }

    /// <summary>Offset just after the body's opening brace.</summary>
    public int AfterRootBrace { get; init; }

    /// <summary>The type of "stream_options"' value (<see cref="JsonTokenType.None"/> when absent).</summary>
    public JsonTokenType StreamOptionsKind { get; init; }

    /// <summary>Offset and length of "stream_options"' value.</summary>
    public (int Start, int Length) StreamOptionsToken { get; init; }

    /// <summary>Whether "stream_options" is an object with no members.</summary>
    public bool StreamOptionsEmpty { get; init; }

    /// <summary>Offset and length of "stream_options.include_usage"'s value; Length 0 when absent.</summary>
    public (int Start, int Length) IncludeUsageToken { get; init; }

    /// <summary>Whether the client asked for the usage chunk itself (stream_options.include_usage is true).</summary>
    public bool ClientAskedForUsage { get; init; }

    /// <summary>Whether the gateway can add include_usage (stream_options absent, null or an object).</summary>
    public bool CanAskForUsage => StreamOptionsKind is JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartObject;
}
