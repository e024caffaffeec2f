namespace Frontier.Operator.Scaling;

/// <summary>Sets a Deployment's replicas.</summary>
internal interface IScaler
{
    Task<ScaleOutcome> ScaleAsync(string @namespace, string deployment, int replicas, CancellationToken ct);
}
