namespace Frontier.Gateway.ServerLoad;

/// <summary>Load that the backend at an address reports beyond this gateway's own requests.</summary>
public interface IServerLoad
{
    /// <summary>
    /// Requests the server at <paramref name="address"/> (e.g. "http://127.1.0.5:8000") has running + waiting that are
    /// NOT this gateway's own, as of the last scrape (0 when unknown, never negative). <paramref name="address"/> has no
    /// trailing slash.
    /// </summary>
    int OthersLoad(string address);
}
