using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Frontier.Economics.Curves;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace Frontier.Simulator;

/// <summary>Builds the simulator's web application: the OpenAI endpoints, /health, /metrics, /admin/faults and /admin/reset-peak.</summary>
public static partial class SimulatorApp
{
    private static readonly string[] Words =
        ["the", "frontier", "of", "cost", "and", "quality", "moves", "with", "load", "on", "every", "replica"];

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Builds (does not start) the application for <paramref name="options"/>.</summary>
    public static WebApplication Build(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var benchmark = options.BenchmarkFile is { } file
            ? ModelSource.Load(file, options.BenchmarkName!)
            : ModelSource.DefaultBenchmark();
        return Build(options, benchmark);
    }

    /// <summary>Builds (does not start) the application serving <paramref name="benchmark"/>'s curve.</summary>
    public static WebApplication Build(SimulatorOptions options, BenchmarkData benchmark)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(benchmark);
        var served = options.ServedModel ?? benchmark.Model;
        var model = new LatencyModel(ProductionCurve.Build(benchmark), options.TimeScale, options.CompletionTokens, options.TtftFraction);
        var pool = new ReplicaPool(options.Replicas, options.MaxNumSeqs);
        var pod = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } p ? p : served + "-sim";
        var ns = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } n ? n : "default";
        var metrics = new SimulatorMetrics(served, pool, model, options, Math.Max(1, benchmark.Gpus), pod, ns);
        var faults = new FaultSwitch();
        var sim = new Simulation(served, model, pool, metrics, faults, options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSingleton(sim);
        var app = builder.Build();

        app.MapPost("/v1/chat/completions", (HttpContext ctx) => sim.CompletionAsync(ctx, chat: true));
        app.MapPost("/v1/completions", (HttpContext ctx) => sim.CompletionAsync(ctx, chat: false));
        app.MapPost("/v1/embeddings", sim.EmbeddingsAsync);
        app.MapPost("/v1/responses", sim.ResponsesAsync);
        app.MapGet("/v1/models", (HttpContext ctx) => ctx.Response.WriteAsJsonAsync(new
        {
            @object = "list",
            data = new[] { new { id = served, @object = "model", created = sim.Created, owned_by = "frontier-simulator", root = served, parent = (string?)null } },
        }, Json));
        // Until --startup-seconds have passed the model is "loading": /health says 503, as a model server's does.
        var loading = Stopwatch.StartNew();
        app.MapGet("/health", () => loading.Elapsed.TotalSeconds >= options.StartupSeconds
            ? Results.Ok()
            : Results.Text("loading the model", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await ctx.Response.WriteAsync(await metrics.ExportAsync(ctx.RequestAborted).ConfigureAwait(false), ctx.RequestAborted).ConfigureAwait(false);
        });
        if (options.AdminToken is not null)
        {
            app.MapPost("/admin/faults", sim.FaultsAsync);
            app.MapPost("/admin/reset-peak", sim.ResetPeakAsync);
        }
        return app;
    }

    /// <summary>The per-process state and the request handlers.</summary>
    internal sealed partial class Simulation(string served, LatencyModel model, ReplicaPool pool, SimulatorMetrics metrics, FaultSwitch faults, SimulatorOptions options)
    {
        private long _ids;

        public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public FaultSwitch Faults => faults;

        public async Task CompletionAsync(HttpContext ctx, bool chat)
        {
            var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
            if (body is null) return;
            using var _ = body;
            var root = body.Document.RootElement;
            if (!await CheckModelAsync(ctx, root).ConfigureAwait(false)) return;

            var promptTokens = chat ? ChatPromptTokens(root) : PromptTokens(Get(root, "prompt"));
            var maxTokens = IntOrNull(root, "max_completion_tokens") ?? IntOrNull(root, "max_tokens");
            if (maxTokens is < 1)
            {
                await ErrorAsync(ctx, 400, "max_tokens must be at least 1", "invalid_request_error", "max_tokens", null).ConfigureAwait(false);
                return;
            }
            var tokens = maxTokens ?? options.CompletionTokens;
            var finish = maxTokens is null ? "stop" : "length";
            var stream = Get(root, "stream") is { ValueKind: JsonValueKind.True };
            var includeUsage = stream && Get(root, "stream_options") is { ValueKind: JsonValueKind.Object } so
                && Get(so, "include_usage") is { ValueKind: JsonValueKind.True };

            var slot = await TakeSlotAsync(ctx, body.Raw).ConfigureAwait(false);
            if (slot is null) return;
            var ct = ctx.RequestAborted;
            var (clock, start) = (slot.Clock, slot.Start);
            using (slot.Lease)
            {
                var timing = model.Timing(slot.Lease.Concurrency, tokens, slot.Slowdown);
                var id = (chat ? "chatcmpl-" : "cmpl-") + Interlocked.Increment(ref _ids).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
                var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                var usage = new { prompt_tokens = promptTokens, completion_tokens = tokens, total_tokens = promptTokens + tokens };
                double? ttftObserved = null;
                try
                {
                    if (!stream)
                    {
                        await DelayUntilAsync(clock, start + timing.TotalSeconds, ct).ConfigureAwait(false);
                        var text = string.Concat(Enumerable.Range(0, tokens).Select(Token));
                        object response = chat
                            ? new
                            {
                                id, @object = "chat.completion", created, model = served,
                                choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, logprobs = (object?)null, finish_reason = finish } },
                                usage,
                            }
                            : new
                            {
                                id, @object = "text_completion", created, model = served,
                                choices = new[] { new { index = 0, text, logprobs = (object?)null, finish_reason = finish } },
                                usage,
                            };
                        ttftObserved = start + timing.TtftSeconds; // generated internally, not sent
                        await ctx.Response.WriteAsJsonAsync(response, Json, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        ctx.Response.ContentType = "text/event-stream";
                        ctx.Response.Headers.CacheControl = "no-cache";
                        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                        object? usageField = includeUsage ? null : Omit;
                        for (var k = 0; k < tokens; k++)
                        {
                            await DelayUntilAsync(clock, start + timing.TokenOffsets[k], ct).ConfigureAwait(false);
                            if (k == 0)
                            {
                                ttftObserved = clock.Elapsed.TotalSeconds;
                                if (chat) await SendAsync(ctx, Chunk(id, created, chat, new { role = "assistant", content = "" }, null, usageField), ct).ConfigureAwait(false);
                            }
                            var last = k == tokens - 1;
                            var chunk = chat
                                ? Chunk(id, created, chat, new { content = Token(k) }, null, usageField)
                                : Chunk(id, created, chat, Token(k), last ? finish : null, usageField);
                            await SendAsync(ctx, chunk, ct).ConfigureAwait(false);
                        }
                        if (chat) await SendAsync(ctx, Chunk(id, created, chat, new { }, finish, usageField), ct).ConfigureAwait(false);
                        if (includeUsage)
                        {
                            var usageChunk = new Dictionary<string, object?>
                            {
                                ["id"] = id, ["object"] = chat ? "chat.completion.chunk" : "text_completion", ["created"] = created,
                                ["model"] = served, ["choices"] = Array.Empty<object>(), ["usage"] = usage,
                            };
                            await SendAsync(ctx, usageChunk, ct).ConfigureAwait(false);
                        }
                        await ctx.Response.WriteAsync("data: [DONE]\n\n", ct).ConfigureAwait(false);
                        await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return; // the client went away: not a success
                }
                metrics.Completed(finish, promptTokens, tokens, ttftObserved, clock.Elapsed.TotalSeconds);
            }
        }

        public async Task EmbeddingsAsync(HttpContext ctx)
        {
            var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
            if (body is null) return;
            using var _ = body;
            var root = body.Document.RootElement;
            if (!await CheckModelAsync(ctx, root).ConfigureAwait(false)) return;
            var input = Get(root, "input");
            List<string> inputs;
            if (input is { ValueKind: JsonValueKind.String } s) inputs = [s.GetString()!];
            else if (input is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0 && a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                inputs = a.EnumerateArray().Select(e => e.GetString()!).ToList();
            else if (input is { ValueKind: JsonValueKind.Array } t && t.GetArrayLength() > 0 && t.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number))
                inputs = [t.GetRawText()];
            else
            {
                await ErrorAsync(ctx, 400, "'input' must be a non-empty string or array of strings", "invalid_request_error", "input", null).ConfigureAwait(false);
                return;
            }
            var slowdown = await ApplyFaultAsync(ctx, body.Raw).ConfigureAwait(false);
            if (slowdown is null) return;

            var ct = ctx.RequestAborted;
            var clock = Stopwatch.StartNew();
            var promptTokens = inputs.Sum(EstimateTokens);
            try
            {
                using var lease = await pool.AcquireAsync(ct).ConfigureAwait(false);
                var start = clock.Elapsed.TotalSeconds;
                // An embedding is prefill only: it takes the time to first token.
                await DelayUntilAsync(clock, start + model.TtftSeconds(lease.Concurrency) * slowdown.Value, ct).ConfigureAwait(false);
                await ctx.Response.WriteAsJsonAsync(new
                {
                    @object = "list",
                    data = inputs.Select((text, i) => new { @object = "embedding", index = i, embedding = Embed(text, options.EmbeddingDimensions) }).ToArray(),
                    model = served,
                    usage = new { prompt_tokens = promptTokens, total_tokens = promptTokens },
                }, Json, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            metrics.Completed("stop", promptTokens, 0, null, clock.Elapsed.TotalSeconds);
        }

        /// <summary>False after answering 401 when the request does not carry the admin token.</summary>
        private async Task<bool> AuthorizeAdminAsync(HttpContext ctx)
        {
            var expected = "Bearer " + options.AdminToken;
            var given = ctx.Request.Headers.Authorization.ToString();
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))) return true;
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            await ErrorAsync(ctx, 401, "missing or wrong admin token", "authentication_error", null, "invalid_api_key").ConfigureAwait(false);
            return false;
        }

        /// <summary>POST /admin/reset-peak: the high-water mark starts again from the requests in flight now.</summary>
        public async Task ResetPeakAsync(HttpContext ctx)
        {
            if (!await AuthorizeAdminAsync(ctx).ConfigureAwait(false)) return;
            var previous = pool.ResetPeak();
            await ctx.Response.WriteAsJsonAsync(new { previous_peak = previous, peak = pool.Peak }, Json).ConfigureAwait(false);
        }

        public async Task FaultsAsync(HttpContext ctx)
        {
            if (!await AuthorizeAdminAsync(ctx).ConfigureAwait(false)) return;
            var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
            if (body is null) return;
            using var _ = body;
            var root = body.Document.RootElement;
            var modeText = Get(root, "mode") is { ValueKind: JsonValueKind.String } m ? m.GetString() : null;
            FaultMode? mode = modeText switch
            {
                "none" => FaultMode.None, "fail" => FaultMode.Fail, "slow" => FaultMode.Slow, "drop" => FaultMode.Drop, _ => null,
            };
            double rate = 1;
            var rateElement = Get(root, "rate");
            if (rateElement is { ValueKind: JsonValueKind.Number } r) rate = r.GetDouble();
            else if (rateElement is not null) rate = double.NaN;
            var matchElement = Get(root, "match");
            var match = matchElement is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
            var badMatch = matchElement is not null && string.IsNullOrEmpty(match);
            if (mode is null || !(rate is >= 0 and <= 1) || badMatch)
            {
                await ErrorAsync(ctx, 400, "expected {\"mode\":\"none|fail|slow|drop\",\"rate\":0..1,\"match\":\"text the body must contain\"}", "invalid_request_error",
                    mode is null ? "mode" : badMatch ? "match" : "rate", null).ConfigureAwait(false);
                return;
            }
            faults.Set(mode.Value, rate, match);
            await ctx.Response.WriteAsJsonAsync(new { mode = modeText, rate, match }, Json).ConfigureAwait(false);
        }

        /// <summary>A request's slot on a replica: the lease, the fault's latency multiplier, and on the request's clock
        /// (started before the wait for the slot) when it started running.</summary>
        private sealed record Slot(ReplicaLease Lease, double Slowdown, Stopwatch Clock, double Start);

        /// <summary>Applies an injected fault, then waits for a slot; null when the fault answered or the client left.</summary>
        private async Task<Slot?> TakeSlotAsync(HttpContext ctx, byte[] body)
        {
            var slowdown = await ApplyFaultAsync(ctx, body).ConfigureAwait(false);
            if (slowdown is null) return null;
            var clock = Stopwatch.StartNew();
            try
            {
                var lease = await pool.AcquireAsync(ctx.RequestAborted).ConfigureAwait(false);
                return new Slot(lease, slowdown.Value, clock, clock.Elapsed.TotalSeconds);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        /// <summary>Null when the fault already answered (fail, drop); else the latency multiplier.</summary>
        private async Task<double?> ApplyFaultAsync(HttpContext ctx, byte[] body)
        {
            switch (faults.Draw(body))
            {
                case FaultMode.Fail:
                    await ErrorAsync(ctx, 500, "injected failure", "internal_server_error", null, null).ConfigureAwait(false);
                    return null;
                case FaultMode.Drop:
                    ctx.Abort();
                    return null;
                case FaultMode.Slow:
                    return 10;
                default:
                    return 1;
            }
        }

        private async Task<bool> CheckModelAsync(HttpContext ctx, JsonElement root)
        {
            var name = Get(root, "model") is { ValueKind: JsonValueKind.String } m ? m.GetString() : null;
            if (name is null)
            {
                await ErrorAsync(ctx, 400, "you must provide a model parameter", "invalid_request_error", "model", null).ConfigureAwait(false);
                return false;
            }
            if (!string.Equals(name, served, StringComparison.Ordinal))
            {
                await ErrorAsync(ctx, 404, $"The model `{name}` does not exist.", "invalid_request_error", "model", "model_not_found").ConfigureAwait(false);
                return false;
            }
            return true;
        }

        /// <summary>The body, parsed; null after answering 400 (not UTF-8, not JSON, not an object), as vLLM does.</summary>
        private static async Task<RequestBody?> ReadBodyAsync(HttpContext ctx)
        {
            byte[] raw;
            using (var buffer = new MemoryStream())
            {
                await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted).ConfigureAwait(false);
                raw = buffer.ToArray();
            }
            // JsonDocument checks the grammar but not the bytes inside strings; reading such a string later would throw.
            if (!System.Text.Unicode.Utf8.IsValid(raw))
            {
                await ErrorAsync(ctx, 400, "The request body is not valid UTF-8.", "invalid_request_error", null, null).ConfigureAwait(false);
                return null;
            }
            try
            {
                var doc = JsonDocument.Parse(raw);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) return new RequestBody(raw, doc);
                doc.Dispose();
                await ErrorAsync(ctx, 400, "the request body must be a JSON object", "invalid_request_error", null, null).ConfigureAwait(false);
                return null;
            }
            catch (JsonException e)
            {
                await ErrorAsync(ctx, 400, $"We could not parse the JSON body of your request. ({e.Message})", "invalid_request_error", null, null).ConfigureAwait(false);
                return null;
            }
        }

        /// <summary>A request body as sent and as parsed.</summary>
        private sealed record RequestBody(byte[] Raw, JsonDocument Document) : IDisposable
        {
            public void Dispose() => Document.Dispose();
        }

        internal static Task ErrorAsync(HttpContext ctx, int status, string message, string type, string? param, string? code)
        {
            ctx.Response.StatusCode = status;
            return ctx.Response.WriteAsJsonAsync(new { error = new { message, type, param, code } }, Json);
        }

        private static readonly object Omit = new();

        private Dictionary<string, object?> Chunk(string id, long created, bool chat, object deltaOrText, string? finish, object? usage)
        {
            object choice = chat
                ? new { index = 0, delta = deltaOrText, logprobs = (object?)null, finish_reason = finish }
                : new { index = 0, text = deltaOrText, logprobs = (object?)null, finish_reason = finish };
            var chunk = new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = chat ? "chat.completion.chunk" : "text_completion", ["created"] = created,
                ["model"] = served, ["choices"] = new[] { choice },
            };
            if (!ReferenceEquals(usage, Omit)) chunk["usage"] = usage; // null on every chunk but the last with include_usage
            return chunk;
        }

        private static async Task SendAsync(HttpContext ctx, object chunk, CancellationToken ct)
        {
            var json = JsonSerializer.Serialize(chunk, Json);
            await ctx.Response.WriteAsync("data: " + json + "\n\n", ct).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        }

        private static async Task DelayUntilAsync(Stopwatch clock, double seconds, CancellationToken ct)
        {
            var remaining = seconds - clock.Elapsed.TotalSeconds;
            if (remaining > 0.0005) await Task.Delay(TimeSpan.FromSeconds(remaining), ct).ConfigureAwait(false);
            else ct.ThrowIfCancellationRequested();
        }

        private static string Token(int k) => (k == 0 ? "" : " ") + Words[k % Words.Length];

        private static JsonElement? Get(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        private static int? IntOrNull(JsonElement obj, string name) =>
            Get(obj, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i) ? i : null;

        private static int ChatPromptTokens(JsonElement root)
        {
            var tokens = 0;
            if (Get(root, "messages") is { ValueKind: JsonValueKind.Array } messages)
                foreach (var m in messages.EnumerateArray())
                    tokens += 4 + PromptTokens(Get(m, "content")); // a few tokens of chat template per message
            return Math.Max(1, tokens);
        }

        private static int PromptTokens(JsonElement? content) => content switch
        {
            { ValueKind: JsonValueKind.String } s => EstimateTokens(s.GetString()!),
            { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Sum(e =>
                e.ValueKind == JsonValueKind.Number ? 1
                : e.ValueKind == JsonValueKind.Object && Get(e, "text") is { } t ? PromptTokens(t)
                : PromptTokens(e)),
            _ => 0,
        };

        /// <summary>About four characters a token, at least one.</summary>
        internal static int EstimateTokens(string text) => Math.Max(1, (text.Length + 3) / 4);

        /// <summary>A deterministic unit vector from the text.</summary>
        private static float[] Embed(string text, int dimensions)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            var random = new Random(BitConverter.ToInt32(hash, 0));
            var v = new float[dimensions];
            double norm = 0;
            for (var i = 0; i < dimensions; i++)
            {
                v[i] = (float)(random.NextDouble() * 2 - 1);
                norm += v[i] * v[i];
            }
            var scale = (float)(1 / Math.Sqrt(Math.Max(norm, 1e-12)));
            for (var i = 0; i < dimensions; i++) v[i] *= scale;
            return v;
        }
    }
}
