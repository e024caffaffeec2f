using System.Globalization;

namespace Frontier.Gateway.Endpoints;

/// <summary>A candidate's backend.service: the Service and the port of it that the candidate names.</summary>
/// <param name="Namespace">The ModelRoute's namespace (a backend Service lives beside its route).</param>
/// <param name="Name">The Service's name.</param>
/// <param name="Port">The Service port (its targetPort on the Pods is where requests go).</param>
public readonly record struct ServiceRef(string Namespace, string Name, int Port)
{
    /// <summary>"namespace/name:port".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Namespace}/{Name}:{Port}");
}
