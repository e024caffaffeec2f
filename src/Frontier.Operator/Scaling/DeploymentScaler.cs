using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.Operator.Scaling;

/// <summary>
/// Sets an opted-in Deployment's replicas through its scale subresource, so it works alongside any other field owner.
/// It reads the Deployment first: one without <see cref="OptIn.RouteLabel"/> for the route is left alone.
/// </summary>
internal sealed class DeploymentScaler(IKubernetes client) : IScaler
{
    public async Task<ScaleOutcome> ScaleAsync(string @namespace, string deployment, string route, int replicas, CancellationToken ct)
    {
        V1Deployment found;
        try
        {
            found = await client.AppsV1.ReadNamespacedDeploymentAsync(deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new ScaleOutcome(deployment, ScaleResult.NotFound,
                $"Deployment {@namespace}/{deployment} not found; create it or fix spec.candidates[].deployment");
        }
        catch (HttpOperationException e)
        {
            return Failed(@namespace, deployment, "reading", e);
        }

        if (!OptIn.Allows(found.Metadata.Labels, route))
            return new ScaleOutcome(deployment, ScaleResult.NotOptedIn, OptIn.Hint(@namespace, deployment, route, found.Metadata.Labels));
        // An unset spec.replicas is defaulted to 1 by the API server; a Deployment read back always has it.
        var ready = found.Status?.ReadyReplicas ?? 0;
        if ((found.Spec?.Replicas ?? 1) == replicas) return new ScaleOutcome(deployment, ScaleResult.Unchanged, Planned: replicas, Ready: ready);
        try
        {
            var patch = new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch);
            await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
            return new ScaleOutcome(deployment, ScaleResult.Scaled, Planned: replicas, Ready: ready);
        }
        catch (HttpOperationException e)
        {
            return Failed(@namespace, deployment, "scaling", e);
        }
    }

    private static ScaleOutcome Failed(string @namespace, string deployment, string what, HttpOperationException e) =>
        new(deployment, ScaleResult.Failed, $"{what} Deployment {@namespace}/{deployment} failed: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}");
}
