using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace Frontier.Operator.Scaling;

/// <summary>
/// The pods a Deployment owns, found exactly as its ReplicaSets find them: by the Deployment's spec.selector (no name
/// patterns). The list is served from the API server's watch cache (resourceVersion 0): a pod a second old is fine
/// for sampling power.
/// </summary>
internal sealed partial class DeploymentPods(IKubernetes client, ILogger<DeploymentPods> logger) : IDeploymentPods
{
    public async Task<IReadOnlyList<string>> NamesAsync(string @namespace, string deployment, CancellationToken ct)
    {
        try
        {
            var found = await client.AppsV1.ReadNamespacedDeploymentAsync(deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
            if (LabelSelectors.ToQuery(found.Spec?.Selector) is not { } selector) return [];
            var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: selector, resourceVersion: "0", cancellationToken: ct).ConfigureAwait(false);
            return pods.Items.Select(p => p.Metadata.Name).ToList();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        catch (HttpOperationException e)
        {
            LogUnreadable(logger, @namespace, deployment, (int)e.Response.StatusCode, e.Response.ReasonPhrase);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pods of Deployment {Namespace}/{Deployment} not read ({Status} {Reason}); its GPUs' power is not measured this time")]
    private static partial void LogUnreadable(ILogger logger, string @namespace, string deployment, int status, string? reason);
}
