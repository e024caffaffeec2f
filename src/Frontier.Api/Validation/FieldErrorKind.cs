namespace Frontier.Api.Validation;

/// <summary>What kind of problem a <see cref="FieldError"/> is, so callers choose a reason without reading the message.</summary>
public enum FieldErrorKind
{
    /// <summary>The field's value is wrong (missing, out of range, inconsistent with another field).</summary>
    Invalid,

    /// <summary>The field names another object that does not exist.</summary>
    MissingReference,
}
