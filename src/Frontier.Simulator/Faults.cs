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

/// <summary>The current fault switch: a mode and the fraction of requests it hits.</summary>
public sealed class FaultSwitch
{
    private volatile State _state = new(FaultMode.None, 0);

    private sealed record State(FaultMode Mode, double Rate);

    /// <summary>Current mode.</summary>
    public FaultMode Mode => _state.Mode;

    /// <summary>Fraction of requests hit, 0…1.</summary>
    public double Rate => _state.Rate;

    /// <summary>Sets the switch.</summary>
    public void Set(FaultMode mode, double rate)
    {
        if (!(rate is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "must be in [0, 1]");
        _state = new State(mode, rate);
    }

    /// <summary>The fault this request gets (None most of the time).</summary>
    public FaultMode Draw()
    {
        var s = _state;
        if (s.Mode == FaultMode.None || s.Rate <= 0) return FaultMode.None;
        return s.Rate >= 1 || Random.Shared.NextDouble() < s.Rate ? s.Mode : FaultMode.None;
    }
}
