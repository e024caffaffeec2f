using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Frontier.Gateway;

/// <summary>Discards a 5xx response (before any byte reaches the client) when a retry is possible.</summary>
/// <remarks>YARP sets the status code before calling this and copies nothing to the client when it returns
/// false, so the response has not started and can be reset and retried. When the usage chunk is to be stripped
/// from an event stream, a Content-Length from the backend no longer holds and is removed.</remarks>
internal sealed class ForwardingTransformer(bool mayDiscard5xx, bool stripUsage) : HttpTransformer
{
    /// <summary>The status code of the discarded response, if one was discarded.</summary>
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
        if (mayDiscard5xx && proxyResponse is not null && (int)proxyResponse.StatusCode >= 500)
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
