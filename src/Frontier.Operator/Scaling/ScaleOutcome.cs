namespace Frontier.Operator.Scaling;

/// <summary>What happened to one Deployment's replicas.</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="Ok">True when the Deployment now asks for the planned replicas.</param>
/// <param name="Changed">True when this call changed the replicas.</param>
/// <param name="Message">Why not, when <see cref="Ok"/> is false.</param>
internal sealed record ScaleOutcome(string Deployment, bool Ok, bool Changed, string? Message);
