using System.Globalization;
using System.Net.Sockets;
using k8s.Models;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// Runs one probe once, as the kubelet does: httpGet passes on a status from 200 to 399 (no redirects followed,
/// certificates not checked), tcpSocket on a connection. exec and grpc probes are not emulated and fail saying so.
/// </summary>
internal sealed class Prober : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Probes <paramref name="container"/> of the pod at <paramref name="podIp"/>.</summary>
    public async Task<ProbeResult> RunAsync(V1Probe probe, V1Container container, string podIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1)));
        if (probe.HttpGet is { } get) return await HttpGetAsync(get, container, podIp, timeout.Token, cancellationToken).ConfigureAwait(false);
        if (probe.TcpSocket is { } tcp) return await TcpAsync(tcp, container, podIp, timeout.Token, cancellationToken).ConfigureAwait(false);
        return ProbeResult.Failed("exec and grpc probes are not emulated by the node agent; use httpGet or tcpSocket");
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>A probe's port: a number, or the name of one of the container's ports.</summary>
    public static int? Port(IntOrString port, V1Container container)
    {
        var text = port?.Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        return container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort;
    }

    private async Task<ProbeResult> HttpGetAsync(V1HTTPGetAction get, V1Container container, string podIp, CancellationToken timeout, CancellationToken cancellationToken)
    {
        if (Port(get.Port, container) is not { } port) return ProbeResult.Failed($"the probe's port {get.Port?.Value} is not a number nor a port name of the container");
        var scheme = string.Equals(get.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var path = string.IsNullOrEmpty(get.Path) ? "/" : get.Path.StartsWith('/') ? get.Path : "/" + get.Path;
        var url = string.Create(CultureInfo.InvariantCulture, $"{scheme}://{get.Host ?? podIp}:{port}{path}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd("kube-probe/1.20");
        request.Headers.ConnectionClose = true;
        foreach (var header in get.HttpHeaders ?? []) request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? ProbeResult.Passed : ProbeResult.Failed($"HTTP probe failed with statuscode: {code}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed($"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return ProbeResult.Failed($"Get \"{url}\": {e.GetBaseException().Message}");
        }
    }

    private static async Task<ProbeResult> TcpAsync(V1TCPSocketAction tcp, V1Container container, string podIp, CancellationToken timeout, CancellationToken cancellationToken)
    {
        if (Port(tcp.Port, container) is not { } port) return ProbeResult.Failed($"the probe's port {tcp.Port?.Value} is not a number nor a port name of the container");
        var host = tcp.Host ?? podIp;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout).ConfigureAwait(false);
            return ProbeResult.Passed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed($"dial tcp {host}:{port}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed($"dial tcp {host}:{port}: {e.Message}");
        }
    }
}
