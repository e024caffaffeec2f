using k8s;
using k8s.Models;

namespace Frontier.Runtime;

/// <summary>The result of a full list: the items and the resourceVersion to start watching from.</summary>
/// <typeparam name="T">The resource type.</typeparam>
/// <param name="Items">Every object that matched.</param>
/// <param name="ResourceVersion">The list's resourceVersion (a consistent snapshot).</param>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion)
{
    /// <summary>Reads a paged list to its end, following the server's continue tokens, into one result with the
    /// resourceVersion of the last page (every page of a continued list shares the first page's snapshot).</summary>
    /// <typeparam name="TList">The list type of one page.</typeparam>
    /// <param name="listPage">Reads one page, given the continue token (null for the first).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task<ResourceList<T>> ReadAllPagesAsync<TList>(Func<string?, CancellationToken, Task<TList>> listPage, CancellationToken cancellationToken)
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        ArgumentNullException.ThrowIfNull(listPage);
        var items = new List<T>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await listPage(continueToken, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            resourceVersion = page.Metadata?.ResourceVersion ?? string.Empty;
            continueToken = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));
        return new ResourceList<T>(items, resourceVersion);
    }
}
