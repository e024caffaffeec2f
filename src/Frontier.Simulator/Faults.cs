using System.Text;

namespace Frontier.Simulator;

/// <summary>What an injected fault does to an inference request.</summary>
public enum FaultMode
{
    /// <summary>No fault.</summary>
    None,
    /// <summary>500 before any byte of the response.</summary>
    Fail,
    /// <summary>10× the latency.</summary>
    Slow,
    /// <summary>The connection is aborted before any response.</summary>
    Drop,
}

/// <summary>
/// The current fault switch: a mode, the fraction of requests it hits and, optionally, a marker: with one, only
/// requests whose body contains the marker's bytes are hit (a model server that crashes on one input).
/// </summary>
public sealed class FaultSwitch
{
    private volatile State _state = new(FaultMode.None, 0, null);

    private sealed record State(FaultMode Mode, double Rate, byte[]? Match);

    /// <summary>Current mode.</summary>
    public FaultMode Mode => _state.Mode;

    /// <summary>Fraction of requests hit, 0…1.</summary>
    public double Rate => _state.Rate;

    /// <summary>The marker a request body must contain to be hit; null when every request may be.</summary>
    public string? Match => _state.Match is { } m ? Encoding.UTF8.GetString(m) : null;

    /// <summary>Sets the switch.</summary>
    public void Set(FaultMode mode, double rate, string? match = null)
    {
        if (!(rate is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "must be in [0, 1]");
        if (match is { Length: 0 }) throw new ArgumentException("must not be empty", nameof(match));
        _state = new State(mode, rate, match is null ? null : Encoding.UTF8.GetBytes(match));
    }

    /// <summary>The fault the request with <paramref name="body"/> gets (None most of the time).</summary>
    public FaultMode Draw(ReadOnlySpan<byte> body)
    {
        var s = _state;
        if (s.Mode == FaultMode.None || s.Rate <= 0) return FaultMode.None;
        if (s.Match is { } marker && body.IndexOf(marker) < 0) return FaultMode.None;
        return s.Rate >= 1 || Random.Shared.NextDouble() < s.Rate ? s.Mode : FaultMode.None;
    }
}
