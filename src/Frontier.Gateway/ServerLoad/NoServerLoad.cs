namespace Frontier.Gateway.ServerLoad;

/// <summary>No scraping: every server's other load is 0.</summary>
public sealed class NoServerLoad : IServerLoad
{
    /// <summary>The one instance.</summary>
    public static readonly NoServerLoad Instance = new();

    /// <inheritdoc />
    public int OthersLoad(string address) => 0;
}
