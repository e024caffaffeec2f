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

    /// <summary>Starts one; with <paramref name="adminToken"/>, its POST /admin/faults is on (see <see cref="SetFaultAsync"/>).</summary>
    public static async Task<SimulatorProcess> StartAsync(string servedModel, double timeScale, int completionTokens = 12, string? adminToken = null) =>
        new(await FrontierSimulatorProcess.StartAsync(
        [
            "--served-model", servedModel,
            "--time-scale", timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--completion-tokens", completionTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. adminToken is null ? Array.Empty<string>() : ["--admin-token", adminToken],
        ], servedModel));

    /// <summary>Sets the fault switch (e.g. <c>{"mode":"fail","rate":1,"match":"X"}</c>) with the admin token.</summary>
    public async Task SetFaultAsync(string adminToken, string json)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/admin/faults")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{Url}/admin/faults {json}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

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
