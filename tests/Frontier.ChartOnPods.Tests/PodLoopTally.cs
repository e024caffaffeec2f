using Frontier.Testing;

namespace Frontier.ChartOnPods.Tests;

/// <summary>How a set of the load generator's requests ended, by kind: answered, 429, another status, or a transport
/// failure before or after the first byte of the answer reached the client.</summary>
internal sealed record PodLoopTally(int Sent, int Answered, int Rejected, int ErrorStatus, int BrokeBeforeFirstByte, int BrokeAfterFirstByte, int Pending)
{
    public static PodLoopTally Of(IEnumerable<LoadRecord<string>> records)
    {
        var list = records.ToList();
        return new PodLoopTally(list.Count,
            list.Count(r => r.Outcome == LoadOutcome.Answered),
            list.Count(r => r.Outcome == LoadOutcome.Rejected),
            list.Count(r => r.Outcome == LoadOutcome.ErrorStatus),
            list.Count(r => r.Outcome == LoadOutcome.Transport && !r.GotFirstByte),
            list.Count(r => r.Outcome == LoadOutcome.Transport && r.GotFirstByte),
            list.Count(r => r.Outcome == LoadOutcome.Pending));
    }

    public int Failed => Rejected + ErrorStatus + BrokeBeforeFirstByte + BrokeAfterFirstByte;

    public override string ToString() =>
        $"{Sent} sent: {Answered} answered, {Rejected} × 429, {ErrorStatus} × other status, {BrokeBeforeFirstByte} transport failures before the first byte, " +
        $"{BrokeAfterFirstByte} after it" + (Pending > 0 ? $", {Pending} still in flight" : "");
}
