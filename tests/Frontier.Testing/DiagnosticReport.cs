using k8s;

namespace Frontier.Testing;

/// <summary>
/// What a test prints when a real part misbehaves: titled sections (a status, a log tail), each read on its own, so one
/// that cannot be read says why and the others still show.
/// </summary>
public sealed class DiagnosticReport
{
    private readonly List<string> _sections = [];

    /// <summary>Adds the section <paramref name="title"/> with what <paramref name="read"/> returns, or why it could not.</summary>
    public async Task AddAsync(string title, Func<Task<string>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            _sections.Add($"----- {title}\n{await read()}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _sections.Add($"----- {title}: unavailable ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Adds a section whose text is at hand.</summary>
    public Task AddAsync(string title, Func<string> read) => AddAsync(title, () => Task.FromResult(read()));

    /// <summary>Adds the section "events": the namespace's Events, one line each.</summary>
    public Task AddEventsAsync(IKubernetes client, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AddAsync("events", async () => string.Join('\n', (await client.CoreV1.ListNamespacedEventAsync(@namespace)).Items
            .Select(e => $"{e.LastTimestamp:HH:mm:ss} {e.Reason} {e.InvolvedObject.Kind}/{e.InvolvedObject.Name}: {e.Message}")));
    }

    public override string ToString() => string.Join('\n', _sections);
}
