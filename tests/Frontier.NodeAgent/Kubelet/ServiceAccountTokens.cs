using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// A pod's service-account files, as the kubelet projects them: <c>token</c> (from the TokenRequest API, bound to the
/// pod when it names its account, so it stops working once the pod is gone; refreshed before it expires), <c>ca.crt</c>
/// (the cluster's CA) and
/// <c>namespace</c>. They are written into the pod's own directory, which its processes see at
/// /var/run/secrets/kubernetes.io/serviceaccount through a bind mount; the host's path is never written to.
/// </summary>
internal sealed class ServiceAccountTokens(IKubernetes client, string caPem, TimeSpan lifetime)
{
    /// <summary>Whether the pod gets a token: spec.automountServiceAccountToken, else its ServiceAccount's, else true.
    /// Throws <see cref="PodSetupException"/> when the ServiceAccount does not exist.</summary>
    public async Task<bool> AutomountsAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (pod.Spec.AutomountServiceAccountToken is { } fromPod) return fromPod;
        var account = await ReadAccountAsync(pod, cancellationToken).ConfigureAwait(false);
        return account.AutomountServiceAccountToken ?? true;
    }

    /// <summary>Requests a token for the pod and writes the three files into <paramref name="directory"/>; returns when to refresh it.
    /// Throws <see cref="PodSetupException"/> when the API server refuses.</summary>
    public async Task<TimeSpan> WriteAsync(V1Pod pod, string directory, CancellationToken cancellationToken)
    {
        var name = AccountName(pod);
        var ns = pod.Metadata.NamespaceProperty;
        Authenticationv1TokenRequest issued;
        try
        {
            issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
            {
                Spec = new V1TokenRequestSpec
                {
                    Audiences = [],
                    ExpirationSeconds = (long)lifetime.TotalSeconds,
                    // The API server binds a token only to a pod that names the account (with the ServiceAccount admission
                    // plugin off, nothing fills in "default"); such a pod gets a token that merely expires.
                    BoundObjectRef = pod.Spec.ServiceAccountName == name
                        ? new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid }
                        : null,
                },
            }, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new PodSetupException($"serviceaccount {ns}/{name}: the TokenRequest was refused ({(int)e.Response.StatusCode}): {e.Response.Content}", e);
        }
        Directory.CreateDirectory(directory);
        WriteAtomically(directory, "token", issued.Status.Token);
        WriteAtomically(directory, "ca.crt", caPem);
        WriteAtomically(directory, "namespace", ns);
        var valid = (issued.Status.ExpirationTimestamp ?? DateTime.UtcNow + lifetime) - DateTime.UtcNow;
        return (valid > TimeSpan.Zero ? valid : lifetime) * 0.8;
    }

    private async Task<V1ServiceAccount> ReadAccountAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var name = AccountName(pod);
        try
        {
            return await client.CoreV1.ReadNamespacedServiceAccountAsync(name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new PodSetupException($"error looking up service account {pod.Metadata.NamespaceProperty}/{name}: serviceaccount \"{name}\" not found", e);
        }
    }

    private static string AccountName(V1Pod pod) => pod.Spec.ServiceAccountName is { Length: > 0 } name ? name : "default";

    // Write beside, then rename: a reader sees the old file or the new one, never half of one.
    private static void WriteAtomically(string directory, string file, string content)
    {
        var path = Path.Combine(directory, file);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, path, overwrite: true);
    }
}
