using k8s;

namespace Frontier.Runtime;

/// <summary>A cluster connection that cannot be made from the settings given; the message says why and what to use.</summary>
public sealed class KubeClientConfigurationException(string message) : Exception(message);

/// <summary>
/// Reads the client configuration for a process at start, so a wrong kubeconfig path or a missing in-cluster
/// environment is reported in words there, instead of failing later inside an informer or a hosted service.
/// </summary>
public static class KubeClientConfigurations
{
    /// <summary>
    /// <paramref name="kubeconfig"/> when given; else the pod's service account; else, when
    /// <paramref name="defaultFileOutsideCluster"/>, $KUBECONFIG or ~/.kube/config, as kubectl does.
    /// </summary>
    /// <param name="kubeconfig">A kubeconfig path, or null/blank.</param>
    /// <param name="settingName">How the user names the kubeconfig setting, for messages (e.g. "--kubeconfig").</param>
    /// <param name="defaultFileOutsideCluster">Whether outside a pod the default kubeconfig file may be used.</param>
    /// <param name="otherwise">Another way to run, added to the message when there is no cluster to use (e.g. "--routes FILE.yaml to run without a cluster").</param>
    /// <exception cref="KubeClientConfigurationException">The file is missing or unreadable, or no source is available.</exception>
    public static KubernetesClientConfiguration Load(string? kubeconfig, string settingName, bool defaultFileOutsideCluster, string? otherwise = null)
    {
        if (string.IsNullOrWhiteSpace(kubeconfig))
        {
            if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
            if (!defaultFileOutsideCluster)
                throw new KubeClientConfigurationException(
                    "--in-cluster: this process is not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST/PORT are unset or the " +
                    $"service account token is missing); use {settingName} PATH{(otherwise is null ? string.Empty : ", or " + otherwise)}");
        }
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        var path = !string.IsNullOrWhiteSpace(kubeconfig) ? kubeconfig
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment
            : KubernetesClientConfiguration.KubeConfigDefaultLocation;
        var merged = path.Contains(Path.PathSeparator, StringComparison.Ordinal); // several files in $KUBECONFIG: the client merges them
        if (!merged && !File.Exists(path))
            throw new KubeClientConfigurationException(string.IsNullOrWhiteSpace(kubeconfig)
                ? $"not in a Kubernetes pod and no kubeconfig at {path}; set {settingName}"
                : $"{settingName}: no such file: {path}");
        try
        {
            return merged ? KubernetesClientConfiguration.BuildConfigFromConfigFile() : KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw new KubeClientConfigurationException($"{settingName} {path}: {e.Message}");
        }
    }
}
