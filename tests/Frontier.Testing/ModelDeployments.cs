using k8s;
using k8s.Models;

namespace Frontier.Testing;

/// <summary>Deployments standing in for model servers: the operator scales them; with no kubelet their pods stay Pending.</summary>
public static class ModelDeployments
{
    /// <summary>The label a Deployment carries to let the operator scale it for the route it names.</summary>
    public const string RouteLabel = "frontier.dev/route";

    /// <summary>
    /// Creates Deployment <paramref name="name"/> (0 replicas, pods labelled app=NAME) in <paramref name="namespace"/>,
    /// opted in to ModelRoute <paramref name="route"/> (label frontier.dev/route=ROUTE); null leaves it unlabelled, so
    /// the operator must leave it alone.
    /// </summary>
    public static Task<V1Deployment> CreateAsync(IKubernetes client, string @namespace, string name, string? route)
    {
        ArgumentNullException.ThrowIfNull(client);
        var labels = new Dictionary<string, string> { ["app"] = name };
        return client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = route is null ? null : new Dictionary<string, string> { [RouteLabel] = route },
            },
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

    /// <summary>Names of the pods Deployment <paramref name="name"/> selects (app=NAME), as its ReplicaSets created them.</summary>
    public static async Task<IReadOnlyList<string>> PodNamesAsync(IKubernetes client, string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: $"app={name}");
        return pods.Items.Select(p => p.Metadata.Name).ToList();
    }
}
