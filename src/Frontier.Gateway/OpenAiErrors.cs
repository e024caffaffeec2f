using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Frontier.Gateway;

/// <summary>Writes errors in OpenAI's shape: {"error":{"message","type","param","code"}}.</summary>
public static class OpenAiErrors
{
    /// <summary>Writes the error unless the response has started.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? code, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["error"] = new Dictionary<string, object?> { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        });
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
