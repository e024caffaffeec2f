using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Frontier.Gateway;

/// <summary>
/// Handles POST /v1/*, in phases: read the body and check it at the edge (<see cref="RequestBody"/>), find the route
/// by "model", take a lease on an endpoint of a candidate (<see cref="Admission"/>), forward (<see cref="ForwardingAttempt"/>),
/// retry once elsewhere when <see cref="RetryPolicy"/> says so (it also tells outlier detection), and record the answer's
/// metrics. The response (SSE included) streams through unbuffered.
/// </summary>
public sealed class OpenAiProxy(
    RoutingTableHolder holder,
    Admission admission,
    ForwardingAttempt attempts,
    RetryPolicy retries,
    GatewayOptions options,
    GatewayMetrics metrics)
{
    /// <summary>Serves one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = await AcceptAsync(context).ConfigureAwait(false);
        if (request is null) return;
        var lease = await admission.AcquireAsync(request.Route, options.QueueWait, null, context.RequestAborted).ConfigureAwait(false);
        if (lease is null)
        {
            await TooManyAsync(context, request.Route).ConfigureAwait(false);
            return;
        }
        await ForwardAsync(context, request, lease).ConfigureAwait(false);
    }

    /// <summary>Reads the body and finds its route; null after answering the client with an error.</summary>
    private async Task<ProxiedRequest?> AcceptAsync(HttpContext context)
    {
        var started = admission.Time.GetTimestamp();
        var body = await RequestBody.ReadAsync(context.Request.Body, context.Request.ContentLength, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {options.MaxBodyBytes} bytes.", "request_too_large").ConfigureAwait(false);
            return null;
        }
        var facts = RequestBody.Inspect(body);
        switch (facts.Problem)
        {
            case BodyProblem.NotAJsonObject:
                await RejectAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON object.", "invalid_json").ConfigureAwait(false);
                return null;
            case BodyProblem.InvalidUtf8:
                await RejectAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid UTF-8: a JSON string holds bytes that are not UTF-8 text.", "invalid_encoding").ConfigureAwait(false);
                return null;
            case BodyProblem.DuplicateModel:
                await RejectAsync(context, StatusCodes.Status400BadRequest, "The request body names \"model\" more than once; send it once.", "duplicate_key", "model").ConfigureAwait(false);
                return null;
            case BodyProblem.MissingModel:
                await RejectAsync(context, StatusCodes.Status400BadRequest, "The request must name a model: \"model\" is missing or not a string.", "missing_model", "model").ConfigureAwait(false);
                return null;
        }
        var route = holder.Current.Find(facts.Model!);
        if (route is null)
        {
            await RejectAsync(context, StatusCodes.Status404NotFound, $"The model '{facts.Model}' does not exist.", "model_not_found", "model").ConfigureAwait(false);
            return null;
        }
        // Streamed usage: ask the backend for the usage chunk when the client did not, and strip it again on the way back.
        // The Responses API has no such chunk (its stream_options has no include_usage): usage comes in response.completed.
        var stripUsage = facts.Stream && !facts.ClientAskedForUsage && facts.CanAskForUsage && !context.Request.Path.StartsWithSegments("/v1/responses");
        return new ProxiedRequest(route, body, facts, stripUsage, started);
    }

    /// <summary>Forwards on <paramref name="lease"/>, then once more elsewhere if the retry policy says so.</summary>
    private async Task ForwardAsync(HttpContext context, ProxiedRequest request, InFlightLease lease)
    {
        InFlightLease? current = lease;
        InFlightLease? unconfirmed = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var result = await attempts.SendAsync(context, request, current, mayDiscard5xx: RetryPolicy.MayRetry(current, attempt)).ConfigureAwait(false);
                if (retries.After(current, result, attempt, ref unconfirmed) == RetryStep.Done)
                {
                    if (result.Outcome == AttemptOutcome.ConnectFailure)
                        await BadGatewayAsync(context, request.Route, current.Candidate.Name, $"The backend for '{request.Route.Alias}' could not be reached.").ConfigureAwait(false);
                    else
                        RecordAnswer(request, current.Candidate, result);
                    return;
                }
                var failed = current;
                current.Dispose();
                current = null;
                ForwardingAttempt.Reset(context);
                current = await admission.AcquireAsync(request.Route, options.QueueWait, null, context.RequestAborted, retryOf: failed).ConfigureAwait(false);
                if (current is null)
                {
                    retries.NoRetry(ref unconfirmed);
                    await BadGatewayAsync(context, request.Route, "none", $"The backend for '{request.Route.Alias}' failed and no other endpoint had room.").ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            current?.Dispose();
        }
    }

    /// <summary>Counts an answered request: status, duration, time to first byte, and for 2xx its cost and tokens.</summary>
    private void RecordAnswer(ProxiedRequest request, CandidateRoute candidate, in AttemptResult result)
    {
        var route = request.Route;
        var time = admission.Time;
        metrics.Request(route.Route, candidate.Name, result.Status);
        metrics.Duration(route, candidate, time.GetElapsedTime(request.Started));
        if (result.FirstByte is { } fb) metrics.TimeToFirstToken(route, candidate, time.GetElapsedTime(request.Started, fb));
        if (result.Status is < 200 or >= 300) return;
        metrics.Cost(route, candidate);
        var tap = result.Tap;
        if (tap.SawUsage)
            metrics.Tokens(route, candidate, tap.PromptTokens, tap.CompletionTokens);
        else if (!tap.Captured.IsEmpty && Usage.TryRead(tap.Captured.Span, out var prompt, out var completion))
            metrics.Tokens(route, candidate, prompt, completion);
    }

    private async Task RejectAsync(HttpContext context, int status, string message, string code, string? param = null)
    {
        await OpenAiErrors.WriteAsync(context, status, message, "invalid_request_error", code, param).ConfigureAwait(false);
        metrics.Request(string.Empty, string.Empty, status);
    }

    private async Task BadGatewayAsync(HttpContext context, RouteEntry route, string candidate, string message)
    {
        ForwardingAttempt.Reset(context);
        await OpenAiErrors.WriteAsync(context, StatusCodes.Status502BadGateway, message, "server_error", "backend_unavailable").ConfigureAwait(false);
        metrics.Request(route.Route, candidate, StatusCodes.Status502BadGateway);
    }

    private async Task TooManyAsync(HttpContext context, RouteEntry route)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.QueueWait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await OpenAiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            $"Every candidate of '{route.Alias}' is at its in-flight limit; retry after {seconds} s.", "rate_limit_error", "rate_limit_exceeded").ConfigureAwait(false);
        metrics.Request(route.Route, "none", StatusCodes.Status429TooManyRequests);
    }
}
