using System.Globalization;

namespace Frontier.Operator.Scaling;

/// <summary>
/// The label a Deployment carries to let Frontier scale it: <c>frontier.dev/route: ROUTE</c>, the name of the
/// ModelRoute (in the Deployment's namespace) allowed to set its replicas. Without it, creating a ModelRoute would let
/// anyone who may do so make the operator scale any Deployment in the namespace.
/// </summary>
internal static class OptIn
{
    public const string RouteLabel = "frontier.dev/route";

    /// <summary>Whether a Deployment with <paramref name="labels"/> lets route <paramref name="route"/> scale it.</summary>
    public static bool Allows(IDictionary<string, string>? labels, string route) =>
        labels is not null && labels.TryGetValue(RouteLabel, out var value) && string.Equals(value, route, StringComparison.Ordinal);

    /// <summary>Why a Deployment is left alone and the command that opts it in.</summary>
    public static string Hint(string @namespace, string deployment, string route, IDictionary<string, string>? labels)
    {
        var other = labels is not null && labels.TryGetValue(RouteLabel, out var value) ? $" (it is labelled for route {value})" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"Deployment {@namespace}/{deployment} is not opted in{other}: label Deployment {@namespace}/{deployment} with {RouteLabel}={route} to let Frontier scale it (kubectl label deployment {deployment} -n {@namespace} {RouteLabel}={route} --overwrite)");
    }
}
