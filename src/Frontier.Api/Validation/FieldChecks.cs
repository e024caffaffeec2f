using System.Globalization;

namespace Frontier.Api.Validation;

/// <summary>Collects field errors with uniform wording.</summary>
internal sealed class FieldChecks
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Add(string field, string message, FieldErrorKind kind = FieldErrorKind.Invalid) => _errors.Add(new FieldError(field, message, kind));

    public bool Required(string field, object? value)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            Add(field, "is required");
            return false;
        }
        return true;
    }

    public void Positive(string field, double? value, bool required = true) =>
        Range(field, value, required, v => v > 0, "must be > 0");

    public void NonNegative(string field, double? value, bool required = true) =>
        Range(field, value, required, v => v >= 0, "must be ≥ 0");

    public void AtLeast(string field, double? value, double minimum, bool required = true) =>
        Range(field, value, required, v => v >= minimum, string.Create(CultureInfo.InvariantCulture, $"must be ≥ {minimum}"));

    public void Range(string field, double? value, bool required, Func<double, bool> ok, string rule)
    {
        if (value is not { } v)
        {
            if (required) Add(field, "is required");
            return;
        }
        if (!double.IsFinite(v)) Add(field, $"must be a finite number, got {v.ToString(CultureInfo.InvariantCulture)}");
        else if (!ok(v)) Add(field, $"{rule}, got {v.ToString(CultureInfo.InvariantCulture)}");
    }
}
