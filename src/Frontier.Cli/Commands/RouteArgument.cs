using Frontier.Api;
using Frontier.Api.Manifests;
using Frontier.Api.Routes;

namespace Frontier.Cli.Commands;

/// <summary>Finds the ModelRoute a <c>--route [NAMESPACE/]NAME</c> names, or says which routes there are.</summary>
internal static class RouteArgument
{
    /// <exception cref="UsageException">No route of that name is in <paramref name="set"/>.</exception>
    public static ModelRoute Find(ManifestSet set, string argument, string dataset)
    {
        var slash = argument.IndexOf('/', StringComparison.Ordinal);
        return (slash > 0 ? set.FindRoute(argument[(slash + 1)..], argument[..slash]) : set.FindRoute(argument))
            ?? throw new UsageException($"--route {argument}: no ModelRoute of that name in {dataset}; found: {string.Join(", ", set.ModelRoutes.Select(r => $"{ResourceNames.NamespaceOf(r)}/{r.Metadata.Name}").DefaultIfEmpty("none"))}");
    }
}
