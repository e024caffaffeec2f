namespace Frontier.Gateway;

/// <summary>
/// Chooses a candidate of a route. Draws one by weight (over the candidates not excluded; equal weights when every
/// weight is 0); if the drawn one is full (in-flight ≥ maxInFlight) or ejected, walks the frontier order from it
/// (ascending quality, wrapping around) to the next candidate with room that is not ejected. Ejected candidates are used
/// only when no other candidate has room (as Envoy's panic mode). Randomness is injected (ejection is read through a
/// callback); no I/O, no waiting.
/// </summary>
public sealed class CandidatePicker(Random random)
{
    private readonly Random _random = random ?? throw new ArgumentNullException(nameof(random));
    private readonly Lock _lock = new();

    /// <summary>The index (in <see cref="RouteEntry.Candidates"/>) to use, or -1 when none has room.</summary>
    /// <param name="route">The route.</param>
    /// <param name="inFlight">In-flight count of the candidate at an index.</param>
    /// <param name="isEjected">Whether the candidate at an index is ejected by outlier detection now.</param>
    /// <param name="excluded">Whether the candidate at an index must not be used (e.g. it just failed this request).</param>
    public int Pick(RouteEntry route, Func<int, int> inFlight, Func<int, bool> isEjected, Func<int, bool>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        var cs = route.Candidates;
        var n = cs.Length;
        if (n == 0) return -1;
        bool Allowed(int i) => excluded is null || !excluded(i);
        bool HasRoom(int i) => cs[i].MaxInFlight is not { } cap || inFlight(i) < cap;

        var total = 0.0;
        for (var i = 0; i < n; i++) if (Allowed(i)) total += cs[i].Weight;
        var allowedCount = 0;
        for (var i = 0; i < n; i++) if (Allowed(i)) allowedCount++;
        if (allowedCount == 0) return -1;

        double u;
        lock (_lock) u = _random.NextDouble();
        var drawn = -1;
        if (total > 0)
        {
            var x = u * total;
            for (var i = 0; i < n; i++)
            {
                if (!Allowed(i) || cs[i].Weight <= 0) continue;
                drawn = i;
                x -= cs[i].Weight;
                if (x < 0) break;
            }
        }
        else
        {
            var k = Math.Min((int)(u * allowedCount), allowedCount - 1);
            for (var i = 0; i < n; i++)
            {
                if (!Allowed(i)) continue;
                if (k-- == 0) { drawn = i; break; }
            }
        }
        if (drawn < 0) return -1;

        for (var pass = 0; pass < 2; pass++)
        {
            for (var step = 0; step < n; step++)
            {
                var i = (drawn + step) % n;
                if (!Allowed(i) || !HasRoom(i)) continue;
                if (pass == 0 && isEjected(i)) continue;
                return i;
            }
        }
        return -1;
    }
}
