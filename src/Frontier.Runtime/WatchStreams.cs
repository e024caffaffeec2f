namespace Frontier.Runtime;

/// <summary>Reading KubernetesClient's watch streams, for every <see cref="IResourceClient{T}"/> implementation.</summary>
public static class WatchStreams
{
    /// <summary>
    /// The next watch event, or <c>false</c> at the end. KubernetesClient reads a watch's first line before it yields
    /// anything, and when the server ends a watch that had nothing to send (its timeout passed in a quiet cluster: an
    /// empty body) that read fails with an <see cref="EndOfStreamException"/>, wrapped. That is the normal end of a
    /// quiet watch, not an error. (A connection lost midway fails differently: HttpIOException, HttpProtocolException.)
    /// </summary>
    public static async Task<bool> MoveNextOrEndAsync<TEvent>(IAsyncEnumerator<TEvent> enumerator)
    {
        ArgumentNullException.ThrowIfNull(enumerator);
        try
        {
            return await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is EndOfStreamException)
        {
            return false;
        }
    }
}
