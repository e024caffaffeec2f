using System.Collections.Immutable;
using System.Globalization;
using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Gateway.Endpoints;

namespace Frontier.Gateway;

/// <summary>Pure conversion of ModelRoutes (spec + status) to a <see cref="RoutingTable"/>.</summary>
public static class RoutingTableBuilder
{
    /// <summary>
    /// Builds the table. Routes are taken in "namespace/name" order; when two routes claim the same alias the first
    /// wins and the other is noted. Per candidate: address from backend.url or the Service's cluster DNS name;
    /// servedModel defaults to the alias (the benchmark's model is not known here); weight, maxInFlight and cost from
    /// status.plan.candidates by name (and, for backend.service candidates, the per-Pod cap concurrencyPerReplica and
    /// the planned replicas). Without a plan: equal weights, no caps. A candidate the plan leaves out gets
    /// weight 0 and cap 0 (no replicas). A planned candidate with weight &gt; 0 but maxInFlight ≤ 0 is uncapped.
    /// Order: status.frontier (first appearance of each name, ascending quality), then the rest in spec order.
    /// </summary>
    public static RoutingTable Build(IEnumerable<ModelRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var notes = new List<string>();
        var entries = new Dictionary<string, RouteEntry>(StringComparer.Ordinal);
        foreach (var route in routes
            .Where(r => r?.Metadata?.Name is { Length: > 0 })
            .OrderBy(r => ResourceNames.NamespaceOf(r), StringComparer.Ordinal)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            var key = $"{ResourceNames.NamespaceOf(route)}/{route.Metadata.Name}";
            var alias = route.Spec?.Model;
            if (string.IsNullOrWhiteSpace(alias))
            {
                notes.Add($"{key}: spec.model is empty; route skipped");
                continue;
            }
            if (entries.TryGetValue(alias, out var existing))
            {
                notes.Add($"{key}: alias '{alias}' is already served by {existing.Route}; route skipped");
                continue;
            }
            var entry = BuildRoute(route, key, alias, notes);
            if (entry is not null) entries[alias] = entry;
        }
        return new RoutingTable(entries.Values.OrderBy(e => e.Alias, StringComparer.Ordinal), notes);
    }

    private static RouteEntry? BuildRoute(ModelRoute route, string key, string alias, List<string> notes)
    {
        var ns = ResourceNames.NamespaceOf(route);
        var plan = route.Status?.Plan;
        var planned = (plan?.Candidates ?? [])
            .Where(c => c?.Name is not null)
            .GroupBy(c => c.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var specCandidates = (route.Spec.Candidates ?? []).Where(c => c is not null).ToList();
        var candidates = new List<CandidateRoute>();
        foreach (var c in specCandidates)
        {
            if (string.IsNullOrWhiteSpace(c.Name))
            {
                notes.Add($"{key}: a candidate has no name; skipped");
                continue;
            }
            var address = AddressOf(c.Backend, ns);
            if (address is null)
            {
                notes.Add($"{key}: candidate {c.Name}: no usable backend (service or url); skipped");
                continue;
            }
            var served = c.ServedModel;
            if (string.IsNullOrWhiteSpace(served))
            {
                served = alias;
                notes.Add($"{key}: candidate {c.Name}: no servedModel; sending the alias '{alias}'");
            }
            double weight;
            int? cap, endpointCap;
            double cost = 0;
            var replicas = 0;
            if (plan is null)
            {
                weight = 1;
                cap = endpointCap = null;
            }
            else if (planned.TryGetValue(c.Name, out var p))
            {
                weight = double.IsFinite(p.Weight) && p.Weight > 0 ? p.Weight : 0;
                cap = p.MaxInFlight > 0 ? p.MaxInFlight : weight > 0 ? null : 0;
                endpointCap = cap == 0 ? 0 : p.ConcurrencyPerReplica > 0 ? p.ConcurrencyPerReplica : cap;
                cost = double.IsFinite(p.CostPerRequestUsd) && p.CostPerRequestUsd > 0 ? p.CostPerRequestUsd : 0;
                replicas = Math.Max(0, p.Replicas);
            }
            else
            {
                weight = 0;
                cap = endpointCap = 0;
            }
            var service = ServiceOf(c.Backend, ns);
            candidates.Add(new CandidateRoute(c.Name, address, served, weight, cap, cost)
            {
                Service = service,
                EndpointCap = service is null ? null : endpointCap,
                PlannedReplicas = service is null ? 0 : replicas,
            });
        }
        if (candidates.Count == 0)
        {
            notes.Add($"{key}: no usable candidates; route skipped");
            return null;
        }
        if (plan is not null && candidates.All(c => c.Weight <= 0))
            notes.Add($"{key}: the plan gives every candidate weight 0; only spill-over can use them");

        var order = new List<string>();
        foreach (var point in route.Status?.Frontier ?? [])
        {
            if (point?.Name is { } n && !order.Contains(n, StringComparer.Ordinal)) order.Add(n);
        }
        int Rank(CandidateRoute c)
        {
            var i = order.IndexOf(c.Name);
            return i >= 0 ? i : order.Count + candidates.IndexOf(c);
        }
        var ordered = candidates.OrderBy(Rank).ToImmutableArray();
        return new RouteEntry(key, alias, plan is not null, ordered);
    }

    /// <summary>The Service whose Pods are the candidate's endpoints: backend.service when there is no usable backend.url.</summary>
    private static ServiceRef? ServiceOf(BackendSpec? backend, string @namespace) =>
        backend is { Service: { Name: { Length: > 0 } name, Port: { } port } } && port is > 0 and <= 65535 && UrlOf(backend) is null
            ? new ServiceRef(@namespace, name, port)
            : null;

    private static string? UrlOf(BackendSpec backend) =>
        !string.IsNullOrWhiteSpace(backend.Url)
        && Uri.TryCreate(backend.Url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? backend.Url.TrimEnd('/')
            : null;

    /// <summary>backend.url without a trailing slash, or http://service.namespace.svc:port.</summary>
    public static string? AddressOf(BackendSpec? backend, string @namespace)
    {
        if (backend is null) return null;
        if (UrlOf(backend) is { } url) return url;
        if (backend.Service is { Name: { Length: > 0 } name, Port: { } port } && port is > 0 and <= 65535)
            return string.Create(CultureInfo.InvariantCulture, $"http://{name}.{@namespace}.svc:{port}");
        return null;
    }
}
