using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frontier.Gateway.Tests;

/// <summary>A tiny OpenAI-compatible server on 127.0.0.1 with configurable latency, status, SSE and connection drop;
/// records the models it was asked for and its highest concurrency.</summary>
public sealed class FakeOpenAiBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _current;
    private int _max;
    private int _requests;

    private FakeOpenAiBackend(string name)
    {
        Name = name;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/{**rest}", HandleAsync);
    }

    public string Name { get; }
    public string Url { get; private set; } = string.Empty;
    public TimeSpan Latency { get; set; }
    public int StatusCode { get; set; } = 200;
    public bool DropConnection { get; set; }
    public int SseChunks { get; set; } = 5;
    public TimeSpan SseChunkDelay { get; set; } = TimeSpan.FromMilliseconds(300);
    public int MaxConcurrency => Volatile.Read(ref _max);
    public int Requests => Volatile.Read(ref _requests);
    public ConcurrentQueue<string> Models { get; } = new();
    public ConcurrentQueue<string> AcceptEncodings { get; } = new();
    public ConcurrentQueue<(string Path, string Body)> Bodies { get; } = new();

    public static async Task<FakeOpenAiBackend> StartAsync(string name)
    {
        var b = new FakeOpenAiBackend(name);
        await b._app.StartAsync();
        b.Url = b._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return b;
    }

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _max, 0);
        Interlocked.Exchange(ref _requests, 0);
        Models.Clear();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _current);
        Interlocked.Increment(ref _requests);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
        try
        {
            var json = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var model = json["model"]?.GetValue<string>() ?? "";
            Models.Enqueue(model);
            Bodies.Enqueue((context.Request.Path, json.ToJsonString()));
            AcceptEncodings.Enqueue(context.Request.Headers.AcceptEncoding.ToString());
            if (DropConnection)
            {
                context.Abort();
                return;
            }
            if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
            if (StatusCode != 200)
            {
                context.Response.StatusCode = StatusCode;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "fake failure", type = "server_error", param = (string?)null, code = (string?)null } });
                return;
            }
            if (json["stream"]?.GetValue<bool>() == true)
            {
                context.Response.ContentType = "text/event-stream";
                // As OpenAI and vLLM do: with include_usage every chunk carries "usage": null, and a last chunk the usage.
                var includeUsage = json["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
                for (var i = 0; i < SseChunks; i++)
                {
                    var chunk = includeUsage
                        ? JsonSerializer.Serialize(new { id = "c", @object = "chat.completion.chunk", model, backend = Name, choices = new[] { new { index = 0, delta = new { content = $"tok{i} " } } }, usage = (object?)null })
                        : JsonSerializer.Serialize(new { id = "c", @object = "chat.completion.chunk", model, backend = Name, choices = new[] { new { index = 0, delta = new { content = $"tok{i} " } } } });
                    await context.Response.WriteAsync($"data: {chunk}\n\n");
                    await context.Response.Body.FlushAsync();
                    if (i < SseChunks - 1) await Task.Delay(SseChunkDelay);
                }
                if (includeUsage)
                {
                    await context.Response.WriteAsync("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5,\"total_tokens\":16}}\n\n");
                }
                await context.Response.WriteAsync("data: [DONE]\n\n");
                return;
            }
            await context.Response.WriteAsJsonAsync(new
            {
                id = "cmpl-1",
                @object = "chat.completion",
                model,
                backend = Name,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = "hello" }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 7, completion_tokens = 3, total_tokens = 10 },
            });
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
