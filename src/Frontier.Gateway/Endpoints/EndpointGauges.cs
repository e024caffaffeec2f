using Prometheus;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// Endpoint gauges, computed when /metrics is scraped (nothing on the request path):
/// <c>frontier_gateway_ready_endpoints{route,candidate}</c>, the ready Pods of each backend.service candidate whose
/// Service is known, and <c>frontier_gateway_endpoint_in_flight{route,candidate,pod}</c>, this gateway's requests on
/// each discovered Pod. Series of Pods and candidates that are gone are removed, so the Pod label does not pile up.
/// </summary>
public sealed class EndpointGauges
{
    private readonly RoutingTableHolder _holder;
    private readonly EndpointDirectory _directory;
    private readonly CandidateStates _states;
    private readonly Gauge _ready;
    private readonly Gauge _inFlight;
    private readonly Lock _gate = new();

    /// <summary>Creates the gauges in the gateway's registry and refreshes them before each collection.</summary>
    public EndpointGauges(GatewayMetrics metrics, RoutingTableHolder holder, EndpointDirectory directory, CandidateStates states)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _holder = holder;
        _directory = directory;
        _states = states;
        var f = Metrics.WithCustomRegistry(metrics.Registry);
        _ready = f.CreateGauge("frontier_gateway_ready_endpoints", "Ready Pods of a backend.service candidate's Service (absent while the Service is not known).", "route", "candidate");
        _inFlight = f.CreateGauge("frontier_gateway_endpoint_in_flight", "This gateway's requests in flight on one discovered Pod.", "route", "candidate", "pod");
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>Sets every series from the current routing table, directory and states; drops the rest.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            var ready = new Dictionary<(string, string), int>();
            var live = new HashSet<(string, string, string)>();
            foreach (var route in _holder.Current.Routes)
            {
                foreach (var c in route.Candidates)
                {
                    if (c.Service is not { } s || _directory.Find(s.Namespace, s.Name)?.ForPort(s.Port) is not { } endpoints) continue;
                    ready[(route.Route, c.Name)] = endpoints.Length;
                    foreach (var e in endpoints) live.Add((route.Route, c.Name, e.Address));
                }
            }
            var inFlight = new Dictionary<(string, string, string), int>();
            foreach (var (route, candidate, state) in _states.All())
            {
                // A Pod that left shows while requests still drain from it.
                if (state.Endpoint.Pod.Length == 0 || (state.InFlight == 0 && !live.Contains((route, candidate, state.Endpoint.Address)))) continue;
                var key = (route, candidate, state.Endpoint.Pod);
                inFlight[key] = inFlight.GetValueOrDefault(key) + state.InFlight;
            }

            foreach (var labels in _ready.GetAllLabelValues().ToList())
            {
                if (!ready.ContainsKey((labels[0], labels[1]))) _ready.RemoveLabelled(labels);
            }
            foreach (var ((route, candidate), n) in ready) _ready.WithLabels(route, candidate).Set(n);
            foreach (var labels in _inFlight.GetAllLabelValues().ToList())
            {
                if (!inFlight.ContainsKey((labels[0], labels[1], labels[2]))) _inFlight.RemoveLabelled(labels);
            }
            foreach (var ((route, candidate, pod), n) in inFlight) _inFlight.WithLabels(route, candidate, pod).Set(n);
        }
    }
}
