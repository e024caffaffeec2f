namespace Frontier.Gateway.ServerLoad;

/// <summary>No server-load signal: every address carries only this gateway's own requests.</summary>
public sealed class NoServerLoad : IServerLoad
{
    /// <summary>The one instance.</summary>
    public static readonly NoServerLoad Instance = new();

    /// <inheritdoc />
    public int OthersLoad(string address) => 0;
}
