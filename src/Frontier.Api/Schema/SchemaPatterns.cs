namespace Frontier.Api.Schema;

/// <summary>Regular expressions used with <see cref="PatternAttribute"/>; portable across RE2, ECMA-262 and .NET.</summary>
public static class SchemaPatterns
{
    /// <summary>At least one non-whitespace character: what <c>SpecValidator</c> calls "required" for a string.</summary>
    public const string NotBlank = @"\S";

    /// <summary>
    /// Starts with http:// or https:// (any case) and a host character. Necessary, not sufficient, for the
    /// absolute http(s) URL <c>SpecValidator</c> asks for; it checks the rest.
    /// </summary>
    public const string HttpUrl = @"^[Hh][Tt][Tt][Pp][Ss]?://[^/\s]";

    /// <summary>A short duration such as 500ms, 30s, 5m or 1h.</summary>
    public const string Duration = "^[0-9]+(ms|s|m|h)$";

    /// <summary>A Prometheus metric name (colons allowed, as in vllm:request_success_total).</summary>
    public const string MetricName = "^[a-zA-Z_:][a-zA-Z0-9_:]*$";
}
