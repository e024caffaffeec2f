using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Frontier.Testing;

/// <summary>
/// The test cluster seen through a ServiceAccount's token: <see cref="KubeconfigPath"/> (mode 0600) is
/// what kubectl, helm or the operator under test get, <see cref="ServiceAccountClient"/> makes calls as
/// that account. <see cref="Client"/> stays the admin's, as <see cref="IKubeCluster"/> promises.
/// </summary>
public sealed class ServiceAccountCluster : IKubeCluster, IDisposable
{
    private readonly IKubeCluster _admin;

    private ServiceAccountCluster(IKubeCluster admin, string kubeconfig, string @namespace, string name)
    {
        _admin = admin;
        KubeconfigPath = kubeconfig;
        Namespace = @namespace;
        Name = name;
        ServiceAccountClient = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>system:serviceaccount:NS:NAME, the user RBAC sees.</summary>
    public string UserName => $"system:serviceaccount:{Namespace}:{Name}";

    /// <summary>A client authenticated with the ServiceAccount's token.</summary>
    public IKubernetes ServiceAccountClient { get; }

    public IKubernetes Client => _admin.Client;

    public string KubeconfigPath { get; }

    public KubernetesClientConfiguration Config => _admin.Config;

    public string Kind => _admin.Kind;

    public Task RestartApiServerAsync() => _admin.RestartApiServerAsync();

    /// <summary>Requests a one-hour token for the ServiceAccount NAMESPACE/NAME (which must exist) and
    /// writes a kubeconfig using it next to the admin's.</summary>
    public static async Task<ServiceAccountCluster> CreateAsync(IKubeCluster admin, string @namespace, string name)
    {
        var token = await admin.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = [] } },
            name, @namespace);
        var adminConfig = await File.ReadAllTextAsync(admin.KubeconfigPath);
        var ca = Regex.Match(adminConfig, "certificate-authority-data: (\\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(ca), $"no certificate-authority-data in {admin.KubeconfigPath}");
        var path = Path.Combine(Path.GetDirectoryName(admin.KubeconfigPath)!, $"sa-{@namespace}-{name}.kubeconfig");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster: {"{"}server: "{admin.Config.Host}", certificate-authority-data: "{ca}"{"}"}
            users:
            - name: {name}
              user: {"{"}token: "{token.Status.Token}"{"}"}
            contexts:
            - name: sa
              context: {"{"}cluster: test, user: {name}, namespace: {@namespace}{"}"}
            current-context: sa
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new ServiceAccountCluster(admin, path, @namespace, name);
    }

    /// <summary><c>kubectl auth can-i ARGS</c> as this ServiceAccount (a SelfSubjectAccessReview):
    /// true for "yes", false for "no"; anything else fails the test.</summary>
    public async Task<bool> CanIAsync(params string[] args)
    {
        var result = await new Kubectl(this).RunAsync(["auth", "can-i", .. args]);
        var answer = result.StdOut.Trim();
        Assert.True((result.ExitCode, answer) is (0, "yes") or (1, "no"), result.ToString());
        return result.ExitCode == 0;
    }

    public void Dispose() => ServiceAccountClient.Dispose();
}
