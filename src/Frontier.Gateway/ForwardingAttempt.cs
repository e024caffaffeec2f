using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Frontier.Gateway;

/// <summary>
/// One forwarding of a request to one endpoint of a candidate with YARP's <see cref="IHttpForwarder"/>: splices the candidate's
/// servedModel into the body, streams the response through a <see cref="ResponseTap"/> (SSE unbuffered), and says how
/// it ended as an <see cref="AttemptOutcome"/>. Whether to try again, and what it means for the backend, is
/// <see cref="RetryPolicy"/>'s business.
/// </summary>
public sealed class ForwardingAttempt(IHttpForwarder forwarder, BackendInvoker invoker, GatewayOptions options, TimeProvider time)
{
    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        ActivityTimeout = options.ActivityTimeout,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>Forwards <paramref name="request"/> to the endpoint <paramref name="lease"/> holds. With <paramref name="mayDiscard5xx"/>,
    /// a 5xx is kept from the client (<see cref="AttemptOutcome.Discarded5xx"/>) so that another candidate can answer.</summary>
    internal async Task<AttemptResult> SendAsync(HttpContext context, ProxiedRequest request, InFlightLease lease, bool mayDiscard5xx)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        var candidate = lease.Candidate;
        var ct = context.RequestAborted;
        var bytes = RequestBody.Rewrite(request.Body, request.Facts, candidate.ServedModel, askForUsage: request.StripUsage);
        context.Request.Body = new MemoryStream(bytes, writable: false);
        context.Request.ContentLength = bytes.Length;
        context.Request.Headers.Remove("Transfer-Encoding");

        var clientBody = context.Response.Body;
        long? firstByte = null;
        var tap = new ResponseTap(clientBody, () => TapModeOf(context.Response), options.MaxUsageCaptureBytes, request.StripUsage,
            () => firstByte = time.GetTimestamp());
        var transformer = new ForwardingTransformer(mayDiscard5xx, request.StripUsage);
        ForwarderError error;
        context.Response.Body = tap;
        try
        {
            error = await forwarder.SendAsync(context, lease.Endpoint.Address, invoker.Invoker, _requestConfig, transformer, ct).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = clientBody;
        }

        var outcome = Classify(error, transformer.Discarded is not null, context.Response.HasStarted, ct.IsCancellationRequested);
        if (outcome == AttemptOutcome.Answered) await FinishAsync(tap, ct).ConfigureAwait(false);
        return new AttemptResult(outcome, transformer.Discarded ?? context.Response.StatusCode, tap, firstByte);
    }

    /// <summary>How an attempt ended, from YARP's error and the state of the exchange.</summary>
    internal static AttemptOutcome Classify(ForwarderError error, bool discarded, bool responseStarted, bool clientGone) =>
        discarded ? AttemptOutcome.Discarded5xx
        : clientGone ? AttemptOutcome.ClientGone
        : error switch
        {
            ForwarderError.None => AttemptOutcome.Answered,
            ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination =>
                responseStarted ? AttemptOutcome.BackendBroke : AttemptOutcome.ConnectFailure,
            ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeResponseDestination => AttemptOutcome.BackendBroke,
            _ => AttemptOutcome.ClientGone, // the client's side of the copy failed or was cancelled
        };

    /// <summary>Clears what a discarded or failed attempt left on the (unstarted) response, before the next one.</summary>
    public static void Reset(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Clear();
        context.Features.Set<IForwarderErrorFeature>(null);
        if (context.Features.Get<IHttpResponseFeature>() is { } f) f.ReasonPhrase = null;
    }

    private static TapMode TapModeOf(HttpResponse response) =>
        response.Headers.ContainsKey("Content-Encoding") ? TapMode.PassThrough
        : response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? TapMode.CaptureJson
        : response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true ? TapMode.ServerSentEvents
        : TapMode.PassThrough;

    private static async Task FinishAsync(ResponseTap tap, CancellationToken ct)
    {
        try
        {
            await tap.FinishAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // the client went away after the backend had answered: still an answer
        }
    }
}
