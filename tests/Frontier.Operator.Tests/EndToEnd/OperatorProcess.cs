using Frontier.Testing;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The built operator run as its own process against the test cluster, as a Deployment would run it: the shared
/// <see cref="FrontierOperatorProcess"/> with the short default interval (2 s) these tests plan on.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly FrontierOperatorProcess _process;

    private OperatorProcess(FrontierOperatorProcess process) => _process = process;

    public Uri Url => _process.Url;

    public string Identity => _process.Identity;

    public bool HasExited => _process.HasExited;

    public string LogTail => _process.LogTail(60);

    /// <summary>Every line the operator logged (up to the last <see cref="DotnetAppProcess.KeptLines"/>).</summary>
    public IReadOnlyList<string> Log => _process.LogTail(DotnetAppProcess.KeptLines).Split('\n');

    public static async Task<OperatorProcess> StartAsync(IKubeCluster cluster, string identity, string watchNamespace, string? prometheusUrl = null,
        IEnumerable<string>? extraArgs = null) =>
        new(await FrontierOperatorProcess.StartAsync(cluster, watchNamespace, prometheusUrl, identity, ["--Frontier:DefaultInterval=00:00:02", .. extraArgs ?? []]));

    public Task<string> ReadyzAsync() => _process.ReadyzAsync();

    public Task<bool> IsLeaderAsync() => _process.IsLeaderAsync();

    public Task<string> MetricsAsync() => _process.MetricsAsync();

    /// <summary>SIGKILL: the process dies without releasing its Lease, as a crashed pod would.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
