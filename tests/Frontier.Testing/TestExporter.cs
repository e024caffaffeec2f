using System.Net;
using System.Text;

namespace Frontier.Testing;

/// <summary>
/// A tiny metrics endpoint on 127.0.0.1 serving Prometheus' text exposition format (0.0.4) from a render callback,
/// evaluated on every scrape.
/// </summary>
public sealed class TestExporter : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Func<string> render;
    private readonly Task loop;
    private int scrapes;

    private TestExporter(HttpListener listener, int port, Func<string> render)
    {
        this.listener = listener;
        this.render = render;
        Port = port;
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Target => $"127.0.0.1:{Port}";

    public int Scrapes => Volatile.Read(ref scrapes);

    public static TestExporter Start(Func<string> render)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = PrometheusServer.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new TestExporter(listener, port, render);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var body = Encoding.UTF8.GetBytes(render());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
                Interlocked.Increment(ref scrapes);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The scraper went away; serve the next one.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
