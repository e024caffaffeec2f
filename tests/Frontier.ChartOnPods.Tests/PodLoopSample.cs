namespace Frontier.ChartOnPods.Tests;

/// <summary>One reading of a model-server Pod's /metrics.</summary>
/// <param name="At">When (seconds on the loop's clock).</param>
/// <param name="InFlight">vllm:num_requests_running + vllm:num_requests_waiting: the requests the server holds.</param>
/// <param name="Finished">vllm:request_success_total: requests it has finished since its process started.</param>
/// <param name="Peak">The simulator's high-water mark of requests held at once (frontier_simulator_peak_requests), when it exports one.</param>
internal sealed record PodLoopSample(double At, int InFlight, double Finished, double? Peak);
