namespace Frontier.Api.Validation;

/// <summary>One problem with one field of one resource.</summary>
/// <param name="Field">Path of the field, e.g. <c>spec.runs[2].totalSeconds</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Kind">Whether the value is wrong or names an object that does not exist.</param>
public sealed record FieldError(string Field, string Message, FieldErrorKind Kind = FieldErrorKind.Invalid)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message}";
}
