using System.Net;
using System.Net.Sockets;

namespace Frontier.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for servers a test starts.</summary>
public static class PortAllocator
{
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    /// <summary>A port nothing listens on right now, never the same one twice in this process.
    /// Another process may still take it before the caller binds it; bind soon.</summary>
    public static int FreeLoopbackPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            lock (Gate)
            {
                if (Handed.Add(port)) return port;
            }
        }
        throw new InvalidOperationException("no free loopback port found after 50 attempts");
    }
}
