using System.Globalization;
using System.Text;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// What a gateway and dcgm-exporter would expose for a steady route, rendered on every scrape of a TestExporter:
/// the gateway's request counter growing at a constant rate, and each pod's GPU power draw. The counter carries the
/// time it was rendered at as its sample timestamp, so rate() reads exactly the rate however late a scrape of a
/// loaded machine renders it (without it, 200 ms of scrape jitter is 5% of a 5 s rate window).
/// </summary>
internal sealed class ServingExposition
{
    private readonly object _gate = new();
    private readonly long _startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private readonly List<(string Namespace, string Pod, double Watts)> _gpus = [];
    private (string Route, double RequestsPerSecond)? _gateway;

    /// <summary>frontier_gateway_requests_total{route="ns/name"} grows by <paramref name="requestsPerSecond"/> every second.</summary>
    public void Gateway(string route, double requestsPerSecond)
    {
        lock (_gate) _gateway = (route, requestsPerSecond);
    }

    /// <summary>One GPU of pod <paramref name="pod"/> draws <paramref name="watts"/>.</summary>
    public void Gpu(string @namespace, string pod, double watts)
    {
        lock (_gate) _gpus.Add((@namespace, pod, watts));
    }

    public string Render()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            if (_gateway is var (route, rate))
            {
                var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                text.Append("# TYPE frontier_gateway_requests_total counter\n");
                text.Append(CultureInfo.InvariantCulture,
                    $"frontier_gateway_requests_total{{route=\"{route}\",candidate=\"wingpt\",code=\"200\"}} {rate * (nowMs - _startMs) / 1000.0} {nowMs}\n");
            }
            text.Append("# TYPE DCGM_FI_DEV_POWER_USAGE gauge\n");
            for (var i = 0; i < _gpus.Count; i++)
                text.Append(CultureInfo.InvariantCulture, $"DCGM_FI_DEV_POWER_USAGE{{namespace=\"{_gpus[i].Namespace}\",pod=\"{_gpus[i].Pod}\",gpu=\"{i}\"}} {_gpus[i].Watts}\n");
        }
        return text.ToString();
    }
}
