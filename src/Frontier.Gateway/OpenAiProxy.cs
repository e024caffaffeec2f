using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Frontier.Gateway;

/// <summary>
/// Handles POST /v1/*: buffers the JSON body and reads it in one pass (<see cref="RequestBody"/>), finds the route by
/// "model", takes a lease on a candidate, splices the candidate's servedModel into "model" and forwards with YARP's <see cref="IHttpForwarder"/>; the
/// response (SSE included) streams through unbuffered. A connection failure or a 5xx before any response byte is
/// retried once on another candidate, and the failed candidate is marked down.
/// </summary>
public sealed class OpenAiProxy(
    RoutingTableHolder holder,
    Admission admission,
    IHttpForwarder forwarder,
    BackendInvoker invoker,
    GatewayOptions options,
    GatewayMetrics metrics,
    ILogger<OpenAiProxy> logger)
{
    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        ActivityTimeout = options.ActivityTimeout,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>Serves one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var time = admission.Time;
        var started = time.GetTimestamp();
        var ct = context.RequestAborted;

        var body = await RequestBody.ReadAsync(context.Request.Body, context.Request.ContentLength, options.MaxBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than {options.MaxBodyBytes} bytes.", "invalid_request_error", "request_too_large").ConfigureAwait(false);
            metrics.Request(string.Empty, string.Empty, StatusCodes.Status413PayloadTooLarge);
            return;
        }

        var facts = RequestBody.Inspect(body);
        var alias = facts.Model;
        if (!facts.IsObject || alias is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                !facts.IsObject ? "The request body must be a JSON object." : "The request must name a model: \"model\" is missing or not a string.",
                "invalid_request_error", !facts.IsObject ? "invalid_json" : "missing_model", !facts.IsObject ? null : "model").ConfigureAwait(false);
            metrics.Request(string.Empty, string.Empty, StatusCodes.Status400BadRequest);
            return;
        }

        var route = holder.Current.Find(alias);
        if (route is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status404NotFound,
                $"The model '{alias}' does not exist.", "invalid_request_error", "model_not_found", "model").ConfigureAwait(false);
            metrics.Request(string.Empty, string.Empty, StatusCodes.Status404NotFound);
            return;
        }

        var lease = await admission.AcquireAsync(route, options.QueueWait, null, ct).ConfigureAwait(false);
        if (lease is null)
        {
            await TooManyAsync(context, route).ConfigureAwait(false);
            return;
        }

        // Streamed usage: ask the backend for the usage chunk when the client did not, and strip it again on the way back.
        var stripUsage = facts.Stream && !facts.ClientAskedForUsage && facts.CanAskForUsage;

        var originalBody = context.Response.Body;
        HashSet<string>? failed = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var candidate = lease.Candidate;
                var canRetry = attempt == 0 && route.Candidates.Length > 1;
                var bytes = RequestBody.Rewrite(body, facts, candidate.ServedModel, askForUsage: stripUsage);
                context.Request.Body = new MemoryStream(bytes, writable: false);
                context.Request.ContentLength = bytes.Length;
                context.Request.Headers.Remove("Transfer-Encoding");

                long? firstByte = null;
                var tap = new ResponseTap(originalBody,
                    () => context.Response.Headers.ContainsKey("Content-Encoding") ? TapMode.PassThrough
                        : context.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? TapMode.CaptureJson
                        : context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true ? TapMode.ServerSentEvents
                        : TapMode.PassThrough,
                    options.MaxUsageCaptureBytes,
                    stripUsage,
                    () => firstByte = time.GetTimestamp());
                context.Response.Body = tap;
                var transformer = new RetryingTransformer(canRetry, stripUsage);
                var error = await forwarder.SendAsync(context, candidate.Address, invoker.Invoker, _requestConfig, transformer, ct).ConfigureAwait(false);
                context.Response.Body = originalBody;
                if (error == ForwarderError.None && transformer.Discarded is null && !ct.IsCancellationRequested)
                {
                    try
                    {
                        await tap.FinishAsync(ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException)
                    {
                        // the client went away
                    }
                }

                var connectFailure = error is ForwarderError.Request or ForwarderError.RequestTimedOut && !context.Response.HasStarted && !ct.IsCancellationRequested;
                if (transformer.Discarded is not null || connectFailure)
                {
                    admission.ReportFailure(lease);
                    metrics.BackendFailure(route, candidate, transformer.Discarded?.ToString(CultureInfo.InvariantCulture) ?? "connect");
                    if (logger.IsEnabled(LogLevel.Warning))
                        logger.LogWarning("{Route}: candidate {Candidate} at {Address} failed ({What}); marked down for {Down}",
                            route.Route, candidate.Name, candidate.Address, transformer.Discarded?.ToString(CultureInfo.InvariantCulture) ?? error.ToString(), options.DownFor);
                    if (canRetry)
                    {
                        (failed ??= new(StringComparer.Ordinal)).Add(candidate.Name);
                        lease.Dispose();
                        ResetResponse(context);
                        var next = await admission.AcquireAsync(route, options.QueueWait, c => failed.Contains(c.Name), ct).ConfigureAwait(false);
                        if (next is not null)
                        {
                            lease = next;
                            continue;
                        }
                        lease = null;
                        await OpenAiErrors.WriteAsync(context, StatusCodes.Status502BadGateway,
                            $"The backend for '{alias}' failed and no other candidate had room.", "server_error", "backend_unavailable").ConfigureAwait(false);
                        metrics.Request(route.Route, "none", StatusCodes.Status502BadGateway);
                        return;
                    }
                    if (connectFailure)
                    {
                        ResetResponse(context);
                        await OpenAiErrors.WriteAsync(context, StatusCodes.Status502BadGateway,
                            $"The backend for '{alias}' could not be reached.", "server_error", "backend_unavailable").ConfigureAwait(false);
                        metrics.Request(route.Route, candidate.Name, StatusCodes.Status502BadGateway);
                    }
                    return;
                }

                var status = context.Response.StatusCode;
                if (error == ForwarderError.None && status < 500) Admission.ReportSuccess(lease);
                metrics.Request(route.Route, candidate.Name, status);
                metrics.Duration(route, candidate, time.GetElapsedTime(started));
                if (firstByte is { } fb) metrics.TimeToFirstToken(route, candidate, time.GetElapsedTime(started, fb));
                if (status is >= 200 and < 300)
                {
                    metrics.Cost(route, candidate);
                    if (tap.SawUsage)
                        metrics.Tokens(route, candidate, tap.PromptTokens, tap.CompletionTokens);
                    else if (!tap.Captured.IsEmpty && Usage.TryRead(tap.Captured.Span, out var prompt, out var completion))
                        metrics.Tokens(route, candidate, prompt, completion);
                }
                return;
            }
        }
        finally
        {
            context.Response.Body = originalBody;
            lease?.Dispose();
        }
    }

    private async Task TooManyAsync(HttpContext context, RouteEntry route)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.QueueWait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await OpenAiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            $"Every candidate of '{route.Alias}' is at its in-flight limit; retry after {seconds} s.", "rate_limit_error", "rate_limit_exceeded").ConfigureAwait(false);
        metrics.Request(route.Route, "none", StatusCodes.Status429TooManyRequests);
    }

    private static void ResetResponse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Clear();
        context.Features.Set<IForwarderErrorFeature>(null);
        if (context.Features.Get<IHttpResponseFeature>() is { } f) f.ReasonPhrase = null;
    }

    /// <summary>Discards a 5xx response (before any byte reaches the client) when a retry is possible.</summary>
    /// <remarks>YARP sets the status code before calling this and copies nothing to the client when it returns
    /// false, so the response has not started and can be reset and retried. When the usage chunk is to be stripped
    /// from an event stream, a Content-Length from the backend no longer holds and is removed.</remarks>
    private sealed class RetryingTransformer(bool canRetry, bool stripUsage) : HttpTransformer
    {
        public int? Discarded { get; private set; }

        /// <summary>Asks the backend for an uncompressed response: the gateway reads usage from it (model servers
        /// rarely compress, and the hop is inside the cluster).</summary>
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            proxyRequest.Headers.AcceptEncoding.Clear();
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            if (canRetry && proxyResponse is not null && (int)proxyResponse.StatusCode >= 500)
            {
                Discarded = (int)proxyResponse.StatusCode;
                return false;
            }
            var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
            if (stripUsage && httpContext.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
                httpContext.Response.ContentLength = null;
            return copy;
        }
    }
}

/// <summary>The shared HTTP client towards backends (no proxy, no redirects, no decompression, no cookies).</summary>
public sealed class BackendInvoker : IDisposable
{
    /// <summary>Creates the invoker.</summary>
    public BackendInvoker(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = options.ConnectTimeout,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            EnableMultipleHttp2Connections = true,
        });
    }

    /// <summary>The invoker.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <inheritdoc />
    public void Dispose() => Invoker.Dispose();
}
