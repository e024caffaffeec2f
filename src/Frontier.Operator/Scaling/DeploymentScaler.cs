using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.Operator.Scaling;

/// <summary>
/// Reads an opted-in Deployment (its replicas, readiness and its Pods' scheduling, the Pods found by its spec.selector as
/// its ReplicaSets find them) and sets its replicas through its scale subresource, so it works alongside any other field
/// owner. A Deployment without <see cref="OptIn.RouteLabel"/> for the route is left alone.
/// </summary>
internal sealed partial class DeploymentScaler(IKubernetes client, ILogger<DeploymentScaler> logger) : IScaler
{
    public async Task<DeploymentReading> ReadAsync(string @namespace, string deployment, string route, CancellationToken ct)
    {
        V1Deployment found;
        try
        {
            found = await client.AppsV1.ReadNamespacedDeploymentAsync(deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return DeploymentReading.Refused(new ScaleOutcome(deployment, ScaleResult.NotFound,
                $"Deployment {@namespace}/{deployment} not found; create it or fix spec.candidates[].deployment"));
        }
        catch (HttpOperationException e)
        {
            return DeploymentReading.Refused(Failed(@namespace, deployment, "reading", e));
        }

        if (!OptIn.Allows(found.Metadata.Labels, route))
            return DeploymentReading.Refused(new ScaleOutcome(deployment, ScaleResult.NotOptedIn, OptIn.Hint(@namespace, deployment, route, found.Metadata.Labels)));
        // An unset spec.replicas is defaulted to 1 by the API server; a Deployment read back always has it.
        return new DeploymentReading(deployment, null, found.Spec?.Replicas ?? 1, found.Status?.ReadyReplicas ?? 0,
            await SchedulingAsync(@namespace, found, ct).ConfigureAwait(false));
    }

    public async Task<ScaleOutcome> ScaleAsync(string @namespace, DeploymentReading reading, int replicas, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Refusal is { } refusal) return refusal;
        var outcome = new ScaleOutcome(reading.Deployment, ScaleResult.Unchanged, Planned: replicas, Ready: reading.Ready) { Scheduling = reading.Scheduling };
        if (reading.Asked == replicas) return outcome;
        try
        {
            var patch = new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch);
            await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, reading.Deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
            return outcome with { Result = ScaleResult.Scaled };
        }
        catch (HttpOperationException e)
        {
            return Failed(@namespace, reading.Deployment, "scaling", e);
        }
    }

    /// <summary>Its Pods' scheduling state (from the API server's watch cache); null when they cannot be listed.</summary>
    private async Task<PodScheduling?> SchedulingAsync(string @namespace, V1Deployment deployment, CancellationToken ct)
    {
        if (LabelSelectors.ToQuery(deployment.Spec?.Selector) is not { } selector) return null;
        try
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: selector, resourceVersion: "0", cancellationToken: ct).ConfigureAwait(false);
            return PodScheduling.Of(pods.Items);
        }
        catch (HttpOperationException e)
        {
            LogPodsUnreadable(logger, @namespace, deployment.Metadata.Name, (int)e.Response.StatusCode, e.Response.ReasonPhrase);
            return null;
        }
    }

    private static ScaleOutcome Failed(string @namespace, string deployment, string what, HttpOperationException e) =>
        new(deployment, ScaleResult.Failed, $"{what} Deployment {@namespace}/{deployment} failed: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "pods of Deployment {Namespace}/{Deployment} not read ({Status} {Reason}); whether they can be scheduled is not known this time")]
    private static partial void LogPodsUnreadable(ILogger logger, string @namespace, string deployment, int status, string? reason);
}
