using k8s;
using Testcontainers.K3s;

namespace Frontier.Testing;

/// <summary>
/// k3s in Docker via Testcontainers: a complete cluster (scheduler, kubelet), where a Docker engine
/// exists. Without one, <see cref="InitializeAsync"/> does nothing and every member skips the
/// calling test (use <c>[SkippableFact]</c>) with <see cref="DockerEngine.UnavailableReason"/>.
/// The image is FRONTIER_K3S_IMAGE or <see cref="DefaultImage"/>.
/// </summary>
public sealed class K3sCluster : IKubeCluster, IAsyncLifetime, IAsyncDisposable
{
    public const string DefaultImage = "rancher/k3s:v1.31.4-k3s1";

    private K3sContainer? container;
    private IKubernetes? client;
    private KubernetesClientConfiguration? config;
    private string? directory;

    public string Kind => "k3s";

    public string Image { get; } = Environment.GetEnvironmentVariable("FRONTIER_K3S_IMAGE") is { Length: > 0 } image
        ? image
        : DefaultImage;

    public IKubernetes Client => Started().client!;

    public KubernetesClientConfiguration Config => Started().config!;

    public string KubeconfigPath => Path.Combine(Started().directory!, "kubeconfig");

    public async Task InitializeAsync()
    {
        if (!DockerEngine.IsAvailable) return;
        container = new K3sBuilder(Image).Build();
        await container.StartAsync();
        directory = Directory.CreateTempSubdirectory("frontier-k3s-").FullName;
        var path = Path.Combine(directory, "kubeconfig");
        await File.WriteAllTextAsync(path, await container.GetKubeconfigAsync());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        client = new Kubernetes(config);
    }

    /// <summary>Not supported: the API server lives inside the k3s process, and restarting the
    /// container gives it a new mapped port.</summary>
    public Task RestartApiServerAsync() =>
        throw new NotSupportedException("k3s runs the API server inside its single process; it cannot be restarted alone");

    public Kubectl Kubectl() => new(this);

    public Helm Helm() => new(this);

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (container is not null) await container.DisposeAsync();
        if (directory is not null)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private K3sCluster Started()
    {
        DockerEngine.SkipIfUnavailable();
        return client is null ? throw new InvalidOperationException("k3s is not started (InitializeAsync was not called or failed)") : this;
    }
}
