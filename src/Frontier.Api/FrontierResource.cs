using Frontier.Api.Schema;
using k8s;
using k8s.Models;

namespace Frontier.Api;

/// <summary>Shared shape of Frontier's custom resources: type meta, object meta, spec and status.</summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
/// <typeparam name="TStatus">The status type.</typeparam>
public abstract class FrontierResource<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus?>
    where TSpec : new()
    where TStatus : class
{
    /// <summary>Always <see cref="FrontierApi.ApiVersion"/>.</summary>
    public string ApiVersion { get; set; } = FrontierApi.ApiVersion;

    /// <summary>The kind's name.</summary>
    public abstract string Kind { get; set; }

    /// <summary>Standard object metadata.</summary>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    [Required]
    public TSpec Spec { get; set; } = new();

    /// <summary>Observed state, written by the operator.</summary>
    public TStatus? Status { get; set; }
}
