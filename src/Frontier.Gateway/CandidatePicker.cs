namespace Frontier.Gateway;

/// <summary>
/// Chooses where a request goes, in two steps; pure (randomness is injected; no I/O, no clock, no waiting).
/// <para><see cref="Pick"/> chooses a candidate: draws one by weight over the allowed candidates (equal weights when
/// every weight is 0); if the drawn one has no endpoint with room that outlier detection has not ejected, walks the
/// frontier order from it (ascending quality, wrapping around) to the next candidate that has. Ejected endpoints are
/// used only when no candidate has another with room (as Envoy's panic mode).</para>
/// <para><see cref="PickEndpoint"/> chooses one of the candidate's endpoints by the power of two choices: two distinct
/// eligible endpoints at random, the less loaded one wins.</para>
/// </summary>
public sealed class CandidatePicker(Random random)
{
    private readonly Random _random = random ?? throw new ArgumentNullException(nameof(random));
    private readonly Lock _lock = new();

    /// <summary>The index of the candidate to use, or -1 when none has room.</summary>
    public int Pick(ReadOnlySpan<CandidateRoom> candidates)
    {
        var n = candidates.Length;
        var total = 0.0;
        var allowedCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (!candidates[i].Allowed) continue;
            total += candidates[i].Weight;
            allowedCount++;
        }
        if (allowedCount == 0) return -1;

        double u;
        lock (_lock) u = _random.NextDouble();
        var drawn = -1;
        if (total > 0)
        {
            var x = u * total;
            for (var i = 0; i < n; i++)
            {
                if (!candidates[i].Allowed || candidates[i].Weight <= 0) continue;
                drawn = i;
                x -= candidates[i].Weight;
                if (x < 0) break;
            }
        }
        else
        {
            var k = Math.Min((int)(u * allowedCount), allowedCount - 1);
            for (var i = 0; i < n; i++)
            {
                if (!candidates[i].Allowed) continue;
                if (k-- == 0) { drawn = i; break; }
            }
        }
        if (drawn < 0) return -1;

        for (var pass = 0; pass < 2; pass++)
        {
            for (var step = 0; step < n; step++)
            {
                var i = (drawn + step) % n;
                var c = candidates[i];
                if (c.Allowed && (pass == 0 ? c.HasHealthyRoom : c.HasRoom)) return i;
            }
        }
        return -1;
    }

    /// <summary>The index of the endpoint to use (the less loaded of two eligible ones drawn at random), or -1 when
    /// none is eligible.</summary>
    public int PickEndpoint(ReadOnlySpan<EndpointRoom> endpoints)
    {
        var eligible = 0;
        var only = -1;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (!endpoints[i].Eligible) continue;
            eligible++;
            only = i;
        }
        if (eligible <= 1) return only;
        int a, b;
        lock (_lock)
        {
            a = _random.Next(eligible);
            b = _random.Next(eligible - 1);
        }
        if (b >= a) b++;
        var first = NthEligible(endpoints, a);
        var second = NthEligible(endpoints, b);
        return endpoints[second].Load < endpoints[first].Load ? second : first;
    }

    private static int NthEligible(ReadOnlySpan<EndpointRoom> endpoints, int k)
    {
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].Eligible && k-- == 0) return i;
        }
        throw new ArgumentOutOfRangeException(nameof(k));
    }
}
