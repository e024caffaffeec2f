namespace Frontier.NodeAgent.Kubelet;

/// <summary>One probe's outcome.</summary>
/// <param name="Success">Whether it passed.</param>
/// <param name="Message">Why it failed, in the kubelet's words (e.g. "HTTP probe failed with statuscode: 503").</param>
internal readonly record struct ProbeResult(bool Success, string Message)
{
    public static ProbeResult Passed { get; } = new(true, string.Empty);

    public static ProbeResult Failed(string message) => new(false, message);
}
