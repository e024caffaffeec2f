using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontier.Runtime;

/// <summary>
/// Records core/v1 Events about objects, in the object's namespace (<see cref="DefaultNamespace"/> for cluster-scoped
/// objects). An identical event (same object, type, reason and message) within <see cref="DedupeWindow"/> of the last one
/// increments the existing Event's count instead of creating another. Never throws: failures are logged.
/// </summary>
public sealed class EventRecorder
{
    /// <summary>How long an event is remembered for deduplication.</summary>
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromMinutes(1);

    private const int MaxMessageLength = 1024;
    private const int MaxRemembered = 4096;

    private readonly IKubernetes _client;
    private readonly string _component;
    private readonly string _host = Environment.MachineName;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly Dictionary<string, Recorded> _recent = [];

    /// <summary>Creates a recorder.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="component">The reporting component, e.g. "frontier-operator" (source.component).</param>
    /// <param name="logger">Logs failures.</param>
    /// <param name="timeProvider">Clock for timestamps and deduplication; the system clock by default.</param>
    public EventRecorder(IKubernetes client, string component, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentException.ThrowIfNullOrEmpty(component);
        _component = component;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Namespace for events about cluster-scoped objects. Default "default".</summary>
    public string DefaultNamespace { get; init; } = "default";

    /// <summary>Records a Normal event.</summary>
    /// <param name="obj">The object the event is about.</param>
    /// <param name="reason">Short CamelCase reason, e.g. "Scaled".</param>
    /// <param name="message">Human-readable message.</param>
    /// <param name="cancellationToken">Cancels the call (pass the reconcile's token: once a leader loses its Lease, no Event is written).</param>
    public Task NormalAsync(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, CancellationToken cancellationToken)
        => RecordAsync(obj, EventSeverity.Normal, reason, message, cancellationToken);

    /// <summary>Records a Warning event.</summary>
    /// <param name="obj">The object the event is about.</param>
    /// <param name="reason">Short CamelCase reason, e.g. "InvalidSpec".</param>
    /// <param name="message">Human-readable message.</param>
    /// <param name="cancellationToken">Cancels the call (pass the reconcile's token: once a leader loses its Lease, no Event is written).</param>
    public Task WarningAsync(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, CancellationToken cancellationToken)
        => RecordAsync(obj, EventSeverity.Warning, reason, message, cancellationToken);

    /// <summary>Records an event; never throws.</summary>
    /// <param name="obj">The object the event is about.</param>
    /// <param name="severity">Normal or Warning.</param>
    /// <param name="reason">Short CamelCase reason.</param>
    /// <param name="message">Human-readable message (truncated to 1024 characters).</param>
    /// <param name="cancellationToken">Cancels the call (pass the reconcile's token: once a leader loses its Lease, no Event is written).</param>
    public async Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> obj, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        try
        {
            await RecordCoreAsync(obj, severity, reason, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(e, "Event {Reason} not recorded: cancelled", reason);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Event {Reason} ({Severity}) about {Kind} {Name} not recorded", reason, severity, obj?.Kind, obj?.Metadata?.Name);
        }
    }

    private async Task RecordCoreAsync(
        IKubernetesObject<V1ObjectMeta> obj, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(obj);
        var now = _time.GetUtcNow().UtcDateTime;
        message = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
        var dedupeKey = string.Join('\u001f', obj.Metadata.Uid ?? key.ToString(), obj.Kind, severity, reason, message);

        var previous = Remembered(dedupeKey, now);
        if (previous is not null)
        {
            var count = previous.Count + 1;
            var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
            try
            {
                await _client.CoreV1.PatchNamespacedEventAsync(
                    new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), previous.Name, previous.Namespace,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                Remember(dedupeKey, previous with { Count = count, LastSeen = now });
                return;
            }
            catch (Exception e) when (KubeErrors.IsNotFound(e))
            {
                // the event expired or was deleted: create a new one
            }
        }

        var eventNamespace = key.Namespace ?? DefaultNamespace;
        var baseName = key.Name.Length > 200 ? key.Name[..200] : key.Name;
        var name = $"{baseName}.{now.Ticks:x}{Random.Shared.Next(0x10000):x4}";
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = eventNamespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = obj.ApiVersion,
                Kind = obj.Kind,
                Name = key.Name,
                NamespaceProperty = key.Namespace,
                Uid = obj.Metadata.Uid,
                ResourceVersion = obj.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = severity.ToString(),
            Source = new V1EventSource { Component = _component, Host = _host },
            ReportingComponent = _component,
            ReportingInstance = _host,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        await _client.CoreV1.CreateNamespacedEventAsync(ev, eventNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        Remember(dedupeKey, new Recorded(eventNamespace, name, 1, now));
    }

    private Recorded? Remembered(string dedupeKey, DateTime now)
    {
        lock (_lock)
        {
            return _recent.TryGetValue(dedupeKey, out var recorded) && now - recorded.LastSeen < DedupeWindow ? recorded : null;
        }
    }

    private void Remember(string dedupeKey, Recorded recorded)
    {
        lock (_lock)
        {
            _recent[dedupeKey] = recorded;
            if (_recent.Count > MaxRemembered)
            {
                var cutoff = recorded.LastSeen - DedupeWindow;
                foreach (var stale in _recent.Where(p => p.Value.LastSeen < cutoff).Select(p => p.Key).ToList())
                {
                    _recent.Remove(stale);
                }

                if (_recent.Count > MaxRemembered)
                {
                    _recent.Clear(); // a burst of distinct events: deduplication is best effort
                }
            }
        }
    }

    private sealed record Recorded(string Namespace, string Name, int Count, DateTime LastSeen);
}
