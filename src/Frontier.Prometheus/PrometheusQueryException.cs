namespace Frontier.Prometheus;

/// <summary>Why a Prometheus query failed. Every failure of <see cref="PrometheusClient"/> is one of these.</summary>
public enum PrometheusQueryErrorKind
{
    /// <summary>No HTTP exchange happened: connection refused, DNS failure, reset, TLS failure.</summary>
    Unreachable,

    /// <summary>The server answered with a non-2xx status that is not a Prometheus API error body (a proxy, a wrong path, a crash).</summary>
    HttpStatus,

    /// <summary>The answer was not the JSON the Prometheus HTTP API returns.</summary>
    BadResponse,

    /// <summary>Prometheus rejected or failed the query (<c>status</c> was not <c>success</c>), or it returned a result type that cannot be read as an instant value (matrix, string).</summary>
    QueryError,

    /// <summary>The query returned no series where a value was required.</summary>
    Empty,

    /// <summary>The query returned more than one series where exactly one was expected.</summary>
    MultipleSeries,

    /// <summary>The query returned NaN, +Inf or -Inf.</summary>
    NotFinite,

    /// <summary>The query did not complete within the client's per-call timeout, or Prometheus reported its own query timeout.</summary>
    Timeout,
}

/// <summary>
/// A Prometheus query failed. <see cref="Exception.Message"/> names the query, the server and what to fix;
/// <see cref="Kind"/> tells callers how to react (for example: back off on <see cref="PrometheusQueryErrorKind.Unreachable"/>,
/// report a configuration problem on <see cref="PrometheusQueryErrorKind.QueryError"/>).
/// </summary>
public sealed class PrometheusQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why the query failed.</param>
    /// <param name="query">The PromQL that was sent.</param>
    /// <param name="message">The full message (it should name the query and what to fix).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    /// <param name="statusCode">The HTTP status code, when an HTTP answer was received.</param>
    /// <param name="errorType">Prometheus' <c>errorType</c> (for example <c>bad_data</c>), when it sent one.</param>
    public PrometheusQueryException(
        PrometheusQueryErrorKind kind,
        string query,
        string message,
        Exception? innerException = null,
        int? statusCode = null,
        string? errorType = null)
        : base(message, innerException)
    {
        Kind = kind;
        Query = query;
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>Why the query failed.</summary>
    public PrometheusQueryErrorKind Kind { get; }

    /// <summary>The PromQL that was sent.</summary>
    public string Query { get; }

    /// <summary>The HTTP status code, when an HTTP answer was received.</summary>
    public int? StatusCode { get; }

    /// <summary>Prometheus' <c>errorType</c> (for example <c>bad_data</c>, <c>execution</c>, <c>timeout</c>), when it sent one.</summary>
    public string? ErrorType { get; }
}
