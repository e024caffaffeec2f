using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Runtime;

/// <summary>
/// Writes an object's status with a JSON merge patch of just <c>{"status": ...}</c> to the /status subresource
/// (serialised with <see cref="KubernetesJson"/>). A deleted object is not an error (the write returns <c>false</c>);
/// a 409 Conflict is retried a few times.
/// </summary>
public sealed class StatusWriter
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxAttempts;

    /// <summary>Creates a writer.</summary>
    /// <param name="logger">Logs retries and skipped writes.</param>
    /// <param name="timeProvider">Clock for retry delays; the system clock by default.</param>
    /// <param name="maxAttempts">Attempts on conflict, at least 1. Default 4.</param>
    public StatusWriter(ILogger? logger = null, TimeProvider? timeProvider = null, int maxAttempts = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _maxAttempts = maxAttempts;
    }

    /// <summary>
    /// Sets the status of <paramref name="current"/> to <paramref name="status"/>. Fields that <paramref name="current"/>'s
    /// status has and <paramref name="status"/> lacks are sent as <c>null</c>, so the merge patch removes them instead of
    /// leaving stale values behind (lists, such as conditions, are replaced whole by a merge patch anyway).
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="client">The resource's client.</param>
    /// <param name="current">The object as last read (e.g. from an informer's cache).</param>
    /// <param name="status">The complete new status.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><c>true</c> when written, <c>false</c> when the object no longer exists.</returns>
    public Task<bool> PatchStatusAsync<T>(IResourceClient<T> client, T current, object? status, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(current);
        var oldStatus = JsonNode.Parse(KubernetesJson.Serialize(current))?["status"];
        return WriteAsync(client, ObjectKey.Of(current), BuildPatch(oldStatus, status), cancellationToken);
    }

    /// <summary>Merges <paramref name="status"/> into the status of the object with key <paramref name="key"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="client">The resource's client.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="status">The status fields to set (null fields are left as they are).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><c>true</c> when written, <c>false</c> when the object no longer exists.</returns>
    public Task<bool> PatchStatusAsync<T>(IResourceClient<T> client, ObjectKey key, object? status, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => WriteAsync(client, key, BuildPatch(null, status), cancellationToken);

    /// <summary>Builds <c>{"status": new}</c>, with explicit nulls for object fields present in <paramref name="oldStatus"/> only.</summary>
    internal static string BuildPatch(JsonNode? oldStatus, object? status)
    {
        var newStatus = status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));
        var patch = new JsonObject { ["status"] = AddRemovals(oldStatus, newStatus) };
        return patch.ToJsonString();
    }

    private static JsonNode? AddRemovals(JsonNode? original, JsonNode? modified)
    {
        if (original is not JsonObject before || modified is not JsonObject after)
        {
            return modified;
        }

        foreach (var (name, value) in before)
        {
            if (!after.TryGetPropertyValue(name, out var updated))
            {
                after[name] = null;
            }
            else if (value is JsonObject && updated is JsonObject)
            {
                AddRemovals(value, updated);
            }
        }

        return after;
    }

    private async Task<bool> WriteAsync<T>(IResourceClient<T> client, ObjectKey key, string patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.PatchStatusAsync(key, patch, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (KubeErrors.IsNotFound(e))
            {
                _logger.LogDebug("Status of {Key} ({Resource}) not written: the object no longer exists", key, client.Description);
                return false;
            }
            catch (Exception e) when (KubeErrors.IsConflict(e) && attempt < _maxAttempts)
            {
                var delay = TimeSpan.FromMilliseconds(50 * (1 << attempt));
                _logger.LogInformation("Status of {Key} ({Resource}): conflict on attempt {Attempt}; retrying in {Delay} ms", key, client.Description, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
