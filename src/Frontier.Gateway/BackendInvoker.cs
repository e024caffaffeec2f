using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Frontier.Gateway;

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
