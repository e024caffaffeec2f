using System.Net;
using System.Text;

namespace Frontier.Prometheus.Tests;

/// <summary>An <see cref="HttpMessageHandler"/> that answers with a scripted response and records the requests.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    public static StubHandler Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") }));

    public static StubHandler Text(string text, HttpStatusCode status) =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") }));

    public static StubHandler Throws(Exception e) => new((_, _) => Task.FromException<HttpResponseMessage>(e));

    /// <summary>Never answers; completes only when the request is canceled.</summary>
    public static StubHandler Hangs() => new(async (_, ct) =>
    {
        await Task.Delay(System.Threading.Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        return respond(request, cancellationToken);
    }
}
