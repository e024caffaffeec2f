using System.Globalization;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// One loopback address per pod from 127.X.0.0/16 (the whole 127.0.0.0/8 reaches the host's lo, so any process can
/// listen on 127.X.Y.Z without configuration). Addresses are handed out in order and wrap around, so a freed one is
/// reused as late as possible. X is picked at start among those no socket on the machine uses, so the agents of
/// several test clusters on one machine do not collide.
/// </summary>
internal sealed class PodIpAllocator
{
    private readonly object _lock = new();
    private readonly HashSet<int> _used = [];
    private int _next = 2; // 127.X.0.2: .0 and .1 are left alone

    /// <summary>An allocator for 127.<paramref name="octet"/>.0.0/16.</summary>
    public PodIpAllocator(int octet)
    {
        if (octet is < 1 or > 254) throw new ArgumentOutOfRangeException(nameof(octet), octet, "the second octet must be 1..254");
        Octet = octet;
    }

    /// <summary>X of 127.X.0.0/16.</summary>
    public int Octet { get; }

    /// <summary>"127.X.0.0/16".</summary>
    public string Network => string.Create(CultureInfo.InvariantCulture, $"127.{Octet}.0.0/16");

    /// <summary>X from "127.X.0.0/16"; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static int ParseNetwork(string network)
    {
        var parts = network.Split('.', '/');
        if (parts is ["127", var x, "0", "0", "16"] && int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) && octet is >= 1 and <= 254)
            return octet;
        throw new ArgumentException($"--pod-network: expected 127.X.0.0/16 with X in 1..254, got '{network}'");
    }

    /// <summary>An allocator for a /16 of 127.0.0.0/8 on which nothing listens or connects yet (X in 16..250, random).</summary>
    public static PodIpAllocator ChooseFree()
    {
        var busy = LoopbackSecondOctetsInUse();
        var candidates = Enumerable.Range(16, 235).Where(x => !busy.Contains(x)).ToArray();
        if (candidates.Length == 0) throw new InvalidOperationException("every 127.X.0.0/16 (X in 16..250) has sockets on it; pass --pod-network");
        return new PodIpAllocator(candidates[Random.Shared.Next(candidates.Length)]);
    }

    /// <summary>The next free address.</summary>
    public string Allocate()
    {
        lock (_lock)
        {
            for (var tries = 0; tries < 65_536; tries++)
            {
                var candidate = _next;
                _next = _next >= 0xFFFE ? 2 : _next + 1;
                if ((candidate & 0xFF) is 0 or 255 || !_used.Add(candidate)) continue;
                return string.Create(CultureInfo.InvariantCulture, $"127.{Octet}.{candidate >> 8}.{candidate & 0xFF}");
            }
        }
        throw new InvalidOperationException($"no free address left in {Network}");
    }

    /// <summary>Returns <paramref name="ip"/> to the pool.</summary>
    public void Release(string ip)
    {
        var parts = ip.Split('.');
        if (parts.Length != 4) return;
        lock (_lock)
        {
            _used.Remove((int.Parse(parts[2], CultureInfo.InvariantCulture) << 8) | int.Parse(parts[3], CultureInfo.InvariantCulture));
        }
    }

    // /proc/net/tcp lists local addresses as little-endian hex: 127.X.Y.Z is "ZZYYXX7F".
    private static HashSet<int> LoopbackSecondOctetsInUse()
    {
        var result = new HashSet<int>();
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/udp" })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 3) continue;
                foreach (var address in fields[1..3])
                {
                    if (address.Length >= 8 && address.AsSpan(6, 2).SequenceEqual("7F"))
                        result.Add(int.Parse(address.AsSpan(4, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }
        return result;
    }
}
