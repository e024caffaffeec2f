using k8s;
using k8s.Models;

namespace Frontier.Testing;

/// <summary>Deployments standing in for model servers: the operator scales them; with no kubelet their pods stay Pending.</summary>
public static class ModelDeployments
{
    /// <summary>Creates Deployment <paramref name="name"/> (0 replicas, label app=NAME) in <paramref name="namespace"/>.</summary>
    public static Task<V1Deployment> CreateAsync(IKubernetes client, string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        var labels = new Dictionary<string, string> { ["app"] = name };
        return client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = new V1DeploymentSpec
            {
                Replicas = 0,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "model", Image = "example.invalid/model-server:test" }] },
                },
            },
        }, @namespace);
    }
}
