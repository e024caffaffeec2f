using System.Text.Json;
using Frontier.Testing;
using k8s;
using k8s.Models;

namespace Frontier.NodeAgent.Tests;

/// <summary>One test's namespace on the node-agent cluster, and the waits its tests need; failures show the pod, its events and logs.</summary>
internal sealed class PodBed : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private PodBed(NodeAgentCluster cluster, string @namespace)
    {
        Cluster = cluster;
        Namespace = @namespace;
    }

    public NodeAgentCluster Cluster { get; }

    public string Namespace { get; }

    public IKubernetes Client => Cluster.Client;

    public static async Task<PodBed> CreateAsync(NodeAgentCluster cluster, string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return new PodBed(cluster, ns);
    }

    /// <summary>Deletes the namespace (without waiting): its pods stop, so the next test has the node to itself.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
        }
    }

    /// <summary>Creates a pod from YAML (its namespace is this bed's).</summary>
    public Task<V1Pod> CreatePodAsync(string yaml)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(yaml);
        pod.Metadata.NamespaceProperty = Namespace;
        return Client.CoreV1.CreateNamespacedPodAsync(pod, Namespace);
    }

    public async Task<V1Pod?> PodAsync(string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedPodAsync(name, Namespace);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits until the pod satisfies <paramref name="done"/>; the failure shows the pod, its events, its logs and the agent's log.</summary>
    public Task<V1Pod> WaitForPodAsync(string name, Func<V1Pod?, bool> done, string what, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => PodAsync(name), done, timeout ?? Patience, $"pod {Namespace}/{name}: {what}",
            () => Diagnostics(name), p => p is null ? "(gone)" : KubernetesJson.Serialize(p.Status));

    public async Task<IList<Corev1Event>> EventsAsync(string pod) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.name={pod}")).Items;

    public Task<IList<Corev1Event>> WaitForEventAsync(string pod, string reason, Func<Corev1Event, bool>? match = null) =>
        Poll.UntilAsync<IList<Corev1Event>>(async () => await EventsAsync(pod), events => events?.Any(e => e.Reason == reason && (match?.Invoke(e) ?? true)) == true, Patience,
            $"a {reason} event about pod {Namespace}/{pod}", () => Diagnostics(pod),
            events => string.Join("\n", events?.Select(e => $"{e.Type} {e.Reason}: {e.Message}") ?? []))!;

    public static bool IsReady(V1Pod? pod) => pod?.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static V1ContainerStatus? Container(V1Pod? pod, string name) => pod?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == name);

    public string Log(string pod, string container) => Cluster.PodLog(Namespace, pod, container);

    private string Diagnostics(string pod)
    {
        string events;
        try
        {
            events = string.Join("\n", EventsAsync(pod).GetAwaiter().GetResult().Select(e => $"  {e.Type} {e.Reason} x{e.Count}: {e.Message}"));
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            events = "  (could not list events: " + e.Message + ")";
        }
        var logs = Directory.Exists(Cluster.PodDirectory(Namespace, pod))
            ? string.Join("\n", Directory.GetFiles(Cluster.PodDirectory(Namespace, pod), "*.log").Select(f => $"--- {Path.GetFileName(f)}\n{Tail(File.ReadAllText(f), 20)}"))
            : "(no pod directory)";
        var agentLog = Path.Combine(Cluster.LogDirectory, "node-agent.log");
        return $"events:\n{events}\nlogs:\n{logs}\nnode agent:\n{(File.Exists(agentLog) ? Tail(File.ReadAllText(agentLog), 30) : "(no log)")}";
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    /// <summary>The claims of a JWT (no signature check: the API server checks it when the token is used).</summary>
    public static JsonElement JwtClaims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.Clone();
    }
}
