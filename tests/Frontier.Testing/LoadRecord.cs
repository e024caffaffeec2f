namespace Frontier.Testing;

/// <summary>What happened to one request of the <see cref="LoadGenerator{TContext}"/>.</summary>
/// <param name="Sent">When it was sent, seconds on the generator's clock.</param>
/// <param name="Target">Which of the generator's gateways it went to (index).</param>
/// <param name="Streaming">Whether it asked for a stream.</param>
/// <param name="Context">What the caller's context function said when it was sent (e.g. the gateway's routing entry).</param>
public sealed record LoadRecord<TContext>(double Sent, int Target, bool Streaming, TContext? Context)
{
    private double _completed = double.NaN;

    /// <summary>When the response ended (or the request failed), seconds on the generator's clock; NaN while in flight.
    /// Set last, so once it is a number the other fields are final.</summary>
    public double Completed
    {
        get => Volatile.Read(ref _completed);
        set => Volatile.Write(ref _completed, value);
    }

    /// <summary>When the first byte of the response body arrived (a stream's first event), seconds on the generator's clock; NaN before.</summary>
    public double FirstByte { get; set; } = double.NaN;

    /// <summary>HTTP status, 0 when no response came.</summary>
    public int Status { get; set; }

    /// <summary>How it ended; <see cref="LoadOutcome.Pending"/> while in flight.</summary>
    public LoadOutcome Outcome { get; set; }

    /// <summary>The response's "model" (the candidate's servedModel the backend reported).</summary>
    public string? ServedModel { get; set; }

    /// <summary>Why the request failed, when it did.</summary>
    public string? Error { get; set; }

    /// <summary>Whether it ended without the whole answer.</summary>
    public bool Failed => Outcome is not (LoadOutcome.Pending or LoadOutcome.Answered);

    /// <summary>Whether any byte of the response body had arrived.</summary>
    public bool GotFirstByte => !double.IsNaN(FirstByte);

    /// <summary>Whether it was in flight at some moment of [from, to].</summary>
    public bool InFlightDuring(double from, double to) => Sent <= to && (double.IsNaN(Completed) || Completed >= from);
}
