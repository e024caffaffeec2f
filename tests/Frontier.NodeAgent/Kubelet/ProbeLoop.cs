using k8s.Models;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// Runs one probe of a container after <c>initialDelaySeconds</c> and then every <c>periodSeconds</c>, and reports its
/// verdict when it flips: healthy after <c>successThreshold</c> passes in a row, unhealthy after <c>failureThreshold</c>
/// failures in a row (the kubelet's defaults: 10 s, 1 s timeout, 1 and 3). Readiness and startup start unhealthy,
/// liveness healthy; a startup probe stops once it has passed.
/// </summary>
internal sealed class ProbeLoop(Prober prober, ProbeKind kind, V1Probe probe, V1Container container, string podIp)
{
    /// <summary>The probe's name in the kubelet's messages: "Readiness probe failed: …".</summary>
    public string Name => kind.ToString();

    /// <summary>Probes until <paramref name="cancellationToken"/> is cancelled (or a startup probe passed).</summary>
    /// <param name="verdict">Called with the new verdict each time it flips.</param>
    /// <param name="failed">Called with every failed result (for the Unhealthy event).</param>
    /// <param name="cancellationToken">Stops probing.</param>
    public async Task RunAsync(Func<bool, Task> verdict, Func<ProbeResult, Task> failed, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10));
        var successThreshold = Math.Max(1, probe.SuccessThreshold ?? 1);
        var failureThreshold = Math.Max(1, probe.FailureThreshold ?? 3);
        var healthy = kind == ProbeKind.Liveness;
        int successes = 0, failures = 0;
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0)), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var result = await prober.RunAsync(probe, container, podIp, cancellationToken).ConfigureAwait(false);
            if (result.Success)
            {
                failures = 0;
                if (++successes >= successThreshold && !healthy)
                {
                    healthy = true;
                    await verdict(true).ConfigureAwait(false);
                }
                if (healthy && kind == ProbeKind.Startup) return;
            }
            else
            {
                successes = 0;
                await failed(result).ConfigureAwait(false);
                if (++failures >= failureThreshold && (healthy || kind != ProbeKind.Readiness))
                {
                    healthy = false;
                    await verdict(false).ConfigureAwait(false);
                }
            }
            await Task.Delay(period, cancellationToken).ConfigureAwait(false);
        }
    }
}
