using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Frontier.Prometheus;

/// <summary>
/// A small typed client for Prometheus' instant-query HTTP API (<c>GET /api/v1/query</c>) with KEDA's error semantics:
/// a non-2xx answer is an error, <c>status</c> other than <c>success</c> is an error, an empty result is an error unless
/// the caller allows empty, more than one series where one was expected is an error, and NaN/±Inf values are errors.
/// Every failure is a <see cref="PrometheusQueryException"/> whose message names the query and what to fix;
/// only cancellation through the caller's token surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// The query is evaluated at Prometheus' own "now" (no <c>time</c> parameter is sent), so clock skew between the
/// operator and Prometheus does not move the evaluation point. The <see cref="TimeProvider"/> drives the per-call timeout.
/// The client is thread-safe; it does not own or dispose the <see cref="HttpClient"/>.
/// </remarks>
public sealed class PrometheusClient
{
    /// <summary>The per-call timeout used unless <see cref="Timeout"/> is set: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private const int BodyExcerptLength = 300;
    private const int MaxSeriesInMessage = 3;

    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly string queryEndpoint;
    private readonly TimeSpan timeout = DefaultTimeout;

    /// <summary>Creates a client for the Prometheus server at <paramref name="baseUrl"/>.</summary>
    /// <param name="http">The HTTP client to send requests with (not disposed by this class). Its own <see cref="HttpClient.Timeout"/> still applies on top of <see cref="Timeout"/>.</param>
    /// <param name="baseUrl">The server root, for example <c>http://prometheus.monitoring:9090/</c>; a path prefix (<c>--web.route-prefix</c>) is kept.</param>
    /// <param name="time">The clock for the per-call timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute http or https URL.</exception>
    public PrometheusClient(HttpClient http, Uri baseUrl, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException(
                $"Prometheus base URL '{baseUrl}' must be an absolute http:// or https:// URL, for example http://prometheus.monitoring:9090/.",
                nameof(baseUrl));
        }

        if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            throw new ArgumentException(
                $"Prometheus base URL '{baseUrl}' must not have a query string or fragment; give the server root, for example http://prometheus.monitoring:9090/.",
                nameof(baseUrl));
        }

        this.http = http;
        this.time = time ?? TimeProvider.System;
        var root = baseUrl.GetLeftPart(UriPartial.Path);
        if (!root.EndsWith('/'))
        {
            root += "/";
        }

        BaseUrl = new Uri(root, UriKind.Absolute);
        queryEndpoint = root + "api/v1/query";
    }

    /// <summary>The server root queries are sent to (always ending in <c>/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// How long one query may take, from sending the request to reading the whole answer. Default <see cref="DefaultTimeout"/>.
    /// It is also sent to Prometheus as the query's <c>timeout</c> parameter, so Prometheus stops evaluating too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive or exceeds one hour.</exception>
    public TimeSpan Timeout
    {
        get => timeout;
        init
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The Prometheus query timeout must be positive and at most one hour.");
            }

            timeout = value;
        }
    }

    /// <summary>
    /// Runs an instant query and returns every series of the result. A scalar result is returned as one sample with no labels.
    /// An empty result is an empty list (the caller decides whether that is acceptable).
    /// </summary>
    /// <param name="promQl">The PromQL expression; build it with <see cref="PromQl"/> when it contains label values.</param>
    /// <param name="ct">Cancels the call; that surfaces as <see cref="OperationCanceledException"/>, not as a query error.</param>
    /// <returns>The samples, in Prometheus' order, all with finite values.</returns>
    /// <exception cref="PrometheusQueryException">Any failure; <see cref="PrometheusQueryErrorKind.NotFinite"/> if any sample is NaN or ±Inf.</exception>
    public async Task<IReadOnlyList<Sample>> QueryVectorAsync(string promQl, CancellationToken ct)
    {
        var samples = await QueryAsync(promQl, ct).ConfigureAwait(false);
        foreach (var sample in samples)
        {
            EnsureFinite(promQl, sample);
        }

        return samples;
    }

    /// <summary>
    /// Runs an instant query that must return exactly one series (or a scalar) with a finite value, and returns that value.
    /// </summary>
    /// <param name="promQl">The PromQL expression; aggregate it (for example with <see cref="PromQl.Sum"/>) so it yields one series.</param>
    /// <param name="ct">Cancels the call; that surfaces as <see cref="OperationCanceledException"/>, not as a query error.</param>
    /// <returns>The value.</returns>
    /// <exception cref="PrometheusQueryException">Any failure, including <see cref="PrometheusQueryErrorKind.Empty"/>, <see cref="PrometheusQueryErrorKind.MultipleSeries"/> and <see cref="PrometheusQueryErrorKind.NotFinite"/>.</exception>
    public async Task<double> QueryScalarAsync(string promQl, CancellationToken ct)
    {
        var samples = await QueryAsync(promQl, ct).ConfigureAwait(false);
        if (samples.Count == 0)
        {
            throw new PrometheusQueryException(
                PrometheusQueryErrorKind.Empty,
                promQl,
                Describe(promQl, "returned no series where one value was required. " +
                    "The metric may not have been scraped yet (a fresh target needs a few scrape intervals, and rate() needs two samples in its window), " +
                    "the label values may not match any series (check the metric name, namespace and route spelling), or the target is down (check up{job=...}). " +
                    "If no data is a normal state, use QueryOptionalScalarAsync."));
        }

        return Single(promQl, samples);
    }

    /// <summary>
    /// Like <see cref="QueryScalarAsync"/>, but an empty result is not an error: it returns <see langword="null"/>.
    /// </summary>
    /// <param name="promQl">The PromQL expression.</param>
    /// <param name="ct">Cancels the call; that surfaces as <see cref="OperationCanceledException"/>, not as a query error.</param>
    /// <returns>The value, or <see langword="null"/> when the query returned no series.</returns>
    /// <exception cref="PrometheusQueryException">Any failure other than an empty result.</exception>
    public async Task<double?> QueryOptionalScalarAsync(string promQl, CancellationToken ct)
    {
        var samples = await QueryAsync(promQl, ct).ConfigureAwait(false);
        return samples.Count == 0 ? null : Single(promQl, samples);
    }

    private double Single(string promQl, IReadOnlyList<Sample> samples)
    {
        if (samples.Count > 1)
        {
            var shown = string.Join(", ", samples.Take(MaxSeriesInMessage).Select(s => FormatLabels(s.Labels)));
            var more = samples.Count > MaxSeriesInMessage ? $", and {samples.Count - MaxSeriesInMessage} more" : string.Empty;
            throw new PrometheusQueryException(
                PrometheusQueryErrorKind.MultipleSeries,
                promQl,
                Describe(promQl, $"returned {samples.Count} series where exactly one was expected: {shown}{more}. " +
                    "Aggregate the expression (for example sum(...) or avg(...) without 'by') or narrow the label selector so it matches one series."));
        }

        EnsureFinite(promQl, samples[0]);
        return samples[0].Value;
    }

    private void EnsureFinite(string promQl, Sample sample)
    {
        if (double.IsFinite(sample.Value))
        {
            return;
        }

        var value = double.IsNaN(sample.Value) ? "NaN" : sample.Value > 0 ? "+Inf" : "-Inf";
        throw new PrometheusQueryException(
            PrometheusQueryErrorKind.NotFinite,
            promQl,
            Describe(promQl, $"returned {value} for series {FormatLabels(sample.Labels)}. " +
                "This usually means a division by zero or an aggregation over no data (for example a ratio whose denominator is 0); " +
                "guard the expression (for example filter the denominator with '> 0') so it yields a finite number or no series."));
    }

    private async Task<IReadOnlyList<Sample>> QueryAsync(string promQl, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promQl);
        ct.ThrowIfCancellationRequested();

        var uri = new Uri(
            queryEndpoint + "?query=" + Uri.EscapeDataString(promQl) +
            "&timeout=" + ((long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms",
            UriKind.Absolute);

        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);

        int status;
        string reason;
        byte[] body;
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            reason = response.ReasonPhrase ?? string.Empty;
            body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException or SocketException)
        {
            ct.ThrowIfCancellationRequested();
            if (timeoutCts.IsCancellationRequested || e is OperationCanceledException)
            {
                throw new PrometheusQueryException(
                    PrometheusQueryErrorKind.Timeout,
                    promQl,
                    Describe(promQl, $"did not complete within {FormatSpan(timeout)}. " +
                        "Prometheus may be overloaded or the query too expensive; check Prometheus' load, simplify the query (shorter range, fewer series), or raise the client timeout."),
                    e);
            }

            throw new PrometheusQueryException(
                PrometheusQueryErrorKind.Unreachable,
                promQl,
                Describe(promQl, $"could not be sent: {Flatten(e)}. " +
                    "Check that the Prometheus URL (host, port, scheme) is right, that Prometheus is running, and that DNS and network policies let the operator reach it."),
                e);
        }

        return Parse(promQl, status, reason, body);
    }

    private IReadOnlyList<Sample> Parse(string promQl, int status, string reason, byte[] body)
    {
        JsonDocument? doc = null;
        try
        {
            try
            {
                doc = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                doc = null;
            }

            var root = doc?.RootElement;
            var statusField = root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()
                : null;

            if (statusField is not null && statusField != "success")
            {
                throw ApiError(promQl, status, root!.Value, statusField);
            }

            if (status is < 200 or > 299)
            {
                throw new PrometheusQueryException(
                    PrometheusQueryErrorKind.HttpStatus,
                    promQl,
                    Describe(promQl, $"got HTTP {status} {reason} from {queryEndpoint}: {Excerpt(body)}. " +
                        (status is 404
                            ? "The URL does not serve the Prometheus API; give the Prometheus server root (including any --web.route-prefix), not a UI or proxy path."
                            : status is 401 or 403
                                ? "Prometheus (or a proxy in front of it) refused the request; check authentication and authorization."
                                : status >= 500
                                    ? "Prometheus or a proxy in front of it failed or is not ready (it answers 503 while starting); check its health and logs."
                                    : "Check that the URL points at the Prometheus server and not at a proxy or another service.")),
                    statusCode: status);
            }

            if (root is not { ValueKind: JsonValueKind.Object } obj || statusField is null)
            {
                throw BadResponse(promQl, status, $"the body is not a Prometheus API JSON object with a \"status\" field: {Excerpt(body)}");
            }

            if (!obj.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw BadResponse(promQl, status, "the success response has no \"data\" object");
            }

            if (!data.TryGetProperty("resultType", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                throw BadResponse(promQl, status, "the response has no \"data.resultType\" string");
            }

            if (!data.TryGetProperty("result", out var result))
            {
                throw BadResponse(promQl, status, "the response has no \"data.result\"");
            }

            var resultType = typeElement.GetString();
            switch (resultType)
            {
                case "vector":
                    return ParseVector(promQl, status, result);
                case "scalar":
                    return [ParsePoint(promQl, status, result, EmptyLabels)];
                case "matrix":
                case "string":
                    throw new PrometheusQueryException(
                        PrometheusQueryErrorKind.QueryError,
                        promQl,
                        Describe(promQl, $"returned a {resultType} result, which has no single instant value. " +
                            (resultType == "matrix"
                                ? "A bare range selector like metric[1m] yields a matrix; wrap it in a function such as rate(...) or avg_over_time(...)."
                                : "Use an expression that yields a number.")),
                        statusCode: status);
                default:
                    throw BadResponse(promQl, status, $"unknown result type '{resultType}'");
            }
        }
        finally
        {
            doc?.Dispose();
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    private List<Sample> ParseVector(string promQl, int status, JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Array)
        {
            throw BadResponse(promQl, status, "a vector result is not a JSON array");
        }

        var samples = new List<Sample>(result.GetArrayLength());
        foreach (var element in result.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw BadResponse(promQl, status, "a vector element is not a JSON object");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (element.TryGetProperty("metric", out var metric))
            {
                if (metric.ValueKind != JsonValueKind.Object)
                {
                    throw BadResponse(promQl, status, "a vector element's \"metric\" is not a JSON object");
                }

                foreach (var label in metric.EnumerateObject())
                {
                    if (label.Value.ValueKind != JsonValueKind.String)
                    {
                        throw BadResponse(promQl, status, $"label '{label.Name}' is not a string");
                    }

                    labels[label.Name] = label.Value.GetString()!;
                }
            }

            if (!element.TryGetProperty("value", out var value))
            {
                if (element.TryGetProperty("histogram", out _))
                {
                    throw new PrometheusQueryException(
                        PrometheusQueryErrorKind.QueryError,
                        promQl,
                        Describe(promQl, $"returned a native histogram for series {FormatLabels(labels)}, which has no single value. " +
                            "Reduce it to a number, for example with histogram_quantile(...), histogram_count(...) or histogram_sum(...)."),
                        statusCode: status);
                }

                throw BadResponse(promQl, status, "a vector element has no \"value\"");
            }

            samples.Add(ParsePoint(promQl, status, value, labels));
        }

        return samples;
    }

    private Sample ParsePoint(string promQl, int status, JsonElement point, IReadOnlyDictionary<string, string> labels)
    {
        if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2)
        {
            throw BadResponse(promQl, status, "a value is not a [timestamp, \"value\"] pair");
        }

        var ts = point[0];
        var raw = point[1];
        if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
        {
            throw BadResponse(promQl, status, "a value's timestamp is not a number");
        }

        if (raw.ValueKind != JsonValueKind.String || !TryParseValue(raw.GetString()!, out var parsed))
        {
            throw BadResponse(promQl, status, $"a value is not a Prometheus number string: {raw.GetRawText()}");
        }

        DateTimeOffset timestamp;
        try
        {
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000.0));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw BadResponse(promQl, status, $"timestamp {seconds} is out of range");
        }

        return new Sample(labels, parsed, timestamp);
    }

    /// <summary>Parses a sample value as Prometheus formats it (Go's strconv.FormatFloat, plus "NaN", "+Inf", "-Inf").</summary>
    internal static bool TryParseValue(string text, out double value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "nan":
                value = double.NaN;
                return true;
            case "+inf" or "inf" or "+infinity" or "infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private PrometheusQueryException ApiError(string promQl, int status, JsonElement root, string statusField)
    {
        var errorType = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var what = $"Prometheus answered status \"{statusField}\" (HTTP {status}, errorType {errorType ?? "none"}): {error ?? "no error message"}. ";
        if (errorType == "timeout")
        {
            return new PrometheusQueryException(
                PrometheusQueryErrorKind.Timeout,
                promQl,
                Describe(promQl, what + "The query hit Prometheus' own timeout; simplify the query or check Prometheus' load."),
                statusCode: status,
                errorType: errorType);
        }

        var fix = errorType switch
        {
            "bad_data" => "The query is malformed or a parameter is invalid; fix the PromQL (metric and label names, quoting, brackets).",
            "execution" => "The query failed while evaluating (for example many-to-many matching or too many samples); fix or narrow the query.",
            "canceled" => "Prometheus canceled the query (it may be shutting down); retry later.",
            "internal" or "unavailable" => "Prometheus reported an internal problem; check its health and logs.",
            _ => "Fix the query or check Prometheus' logs.",
        };
        return new PrometheusQueryException(PrometheusQueryErrorKind.QueryError, promQl, Describe(promQl, what + fix), statusCode: status, errorType: errorType);
    }

    private PrometheusQueryException BadResponse(string promQl, int status, string what) =>
        new(
            PrometheusQueryErrorKind.BadResponse,
            promQl,
            Describe(promQl, $"got an answer (HTTP {status}) that is not Prometheus API JSON: {what}. " +
                "Check that the URL is the Prometheus server root (it must serve /api/v1/query) and not a proxy, UI or another service."),
            statusCode: status);

    private string Describe(string promQl, string what) => $"Prometheus query `{promQl}` against {BaseUrl} {what}";

    /// <summary>Formats labels as PromQL-like <c>{a="b", c="d"}</c>, sorted by name.</summary>
    internal static string FormatLabels(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{PromQl.EscapeLabelValue(l.Value)}\"")) + "}";

    private static string FormatSpan(TimeSpan span) =>
        span.TotalSeconds >= 1 && span.Milliseconds == 0
            ? span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s"
            : span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 4; x = x.InnerException)
        {
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal))
            {
                parts.Add(x.Message);
            }
        }

        return string.Join(" -> ", parts);
    }

    private static string Excerpt(byte[] body)
    {
        if (body.Length == 0)
        {
            return "(empty body)";
        }

        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, BodyExcerptLength * 4));
        var sb = new StringBuilder(Math.Min(text.Length, BodyExcerptLength) + 3);
        foreach (var c in text)
        {
            if (sb.Length >= BodyExcerptLength)
            {
                sb.Append("...");
                break;
            }

            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return "\"" + sb.ToString().Trim() + "\"";
    }
}
