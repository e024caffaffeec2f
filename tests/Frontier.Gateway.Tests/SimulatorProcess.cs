using Frontier.Api.Routes;
using Frontier.Testing;
using k8s.Models;

namespace Frontier.Gateway.Tests;

/// <summary>A frontier-simulator child process on a free loopback port (the shared <see cref="FrontierSimulatorProcess"/>)
/// serving one model name at a fixed time scale.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly FrontierSimulatorProcess _process;

    private SimulatorProcess(FrontierSimulatorProcess process) => _process = process;

    public string Url => _process.Url;

    public static async Task<SimulatorProcess> StartAsync(string servedModel, double timeScale, int completionTokens = 12) =>
        new(await FrontierSimulatorProcess.StartAsync(
        [
            "--served-model", servedModel,
            "--time-scale", timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--completion-tokens", completionTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ], servedModel));

    /// <summary>A route with this simulator as its only candidate and no plan (equal weights, no caps).</summary>
    public ModelRoute AsRoute(string alias, string servedModel) => new()
    {
        Metadata = new V1ObjectMeta { Name = alias, NamespaceProperty = "default" },
        Spec = new ModelRouteSpec
        {
            Model = alias,
            Candidates = [new CandidateSpec { Name = "sim", Benchmark = "sim", ServedModel = servedModel,
                Backend = new BackendSpec { Url = Url }, Replicas = new ReplicaBoundsSpec { Min = 1, Max = 1 } }],
        },
    };

    /// <summary>SIGKILL: connections drop mid-request, as when a pod dies.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
