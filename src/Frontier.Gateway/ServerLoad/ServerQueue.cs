namespace Frontier.Gateway.ServerLoad;

/// <summary>A model server's queue as its /metrics reports it: requests running and requests waiting.</summary>
/// <param name="Running">Sum of <c>vllm:num_requests_running</c> over its label sets (engines, models).</param>
/// <param name="Waiting">Sum of <c>vllm:num_requests_waiting</c> over its label sets.</param>
public readonly record struct ServerQueue(double Running, double Waiting)
{
    /// <summary>Running + waiting, rounded to whole requests.</summary>
    public int Total => (int)Math.Round(Math.Max(0, Running + Waiting), MidpointRounding.AwayFromZero);
}
