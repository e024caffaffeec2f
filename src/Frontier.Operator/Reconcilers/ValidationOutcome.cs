using Frontier.Api.Validation;

namespace Frontier.Operator.Reconcilers;

/// <summary>Whether a spec and its references are valid, and if not the condition reason and message saying why.</summary>
/// <param name="Valid">True when there is no problem.</param>
/// <param name="Reason">MissingReference when something named does not exist, else InvalidSpec (SpecValid when valid).</param>
/// <param name="Message">Every problem, "field: what is wrong; ...".</param>
internal sealed record ValidationOutcome(bool Valid, string Reason, string Message)
{
    public static ValidationOutcome Of(IReadOnlyCollection<FieldError> errors, string validMessage = "spec and references are valid") => errors.Count == 0
        ? new(true, Reasons.SpecValid, validMessage)
        : new(false,
            errors.Any(e => e.Kind == FieldErrorKind.MissingReference) ? Reasons.MissingReference : Reasons.InvalidSpec,
            string.Join("; ", errors.Select(e => e.ToString())));
}
