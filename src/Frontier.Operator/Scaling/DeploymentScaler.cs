using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.Operator.Scaling;

/// <summary>Sets a Deployment's replicas through its scale subresource, so it works alongside any other field owner.</summary>
internal sealed class DeploymentScaler(IKubernetes client) : IScaler
{
    public async Task<ScaleOutcome> ScaleAsync(string @namespace, string deployment, int replicas, CancellationToken ct)
    {
        try
        {
            var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
            // The scale subresource leaves replicas out when it is 0, so null reads as 0 (else 0 would be patched every pass).
            if ((scale.Spec?.Replicas ?? 0) == replicas) return new ScaleOutcome(deployment, true, false, null);
            var patch = new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch);
            await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, deployment, @namespace, cancellationToken: ct).ConfigureAwait(false);
            return new ScaleOutcome(deployment, true, true, null);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new ScaleOutcome(deployment, false, false, $"Deployment {@namespace}/{deployment} not found; create it or fix spec.candidates[].deployment");
        }
        catch (HttpOperationException e)
        {
            return new ScaleOutcome(deployment, false, false, $"scaling Deployment {@namespace}/{deployment} failed: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}");
        }
    }
}
