using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Frontier.Gateway.Endpoints;

namespace Frontier.Gateway;

/// <summary>One backend a route may send a request to, with the plan's figures for it.</summary>
/// <param name="Name">Candidate name (unique within the route).</param>
/// <param name="Address">Base address, e.g. http://small.default.svc:8000 (no trailing slash); for a backend.service
/// candidate the Service's cluster DNS name, used only while its Pods are not known.</param>
/// <param name="ServedModel">Model name sent to the backend in place of the alias.</param>
/// <param name="Weight">Share of traffic drawn for this candidate (≥ 0).</param>
/// <param name="MaxInFlight">In-flight cap of the fixed address; <c>null</c> when uncapped.</param>
/// <param name="CostPerRequestUsd">Plan cost per request (0 without a plan).</param>
public sealed record CandidateRoute(
    string Name,
    string Address,
    string ServedModel,
    double Weight,
    int? MaxInFlight,
    double CostPerRequestUsd)
{
    /// <summary>backend.service (when there is no backend.url): its ready Pods are the candidate's endpoints once known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ServiceRef? Service { get; init; }

    /// <summary>In-flight cap of each discovered Pod: the plan's concurrencyPerReplica; <c>null</c> when uncapped.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int? EndpointCap { get; init; }

    /// <summary>Replicas the plan runs (0 without a plan): the weight is scaled by ready Pods over this.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PlannedReplicas { get; init; }
}

/// <summary>A model alias and its candidates in frontier order (ascending quality).</summary>
/// <param name="Route">"namespace/name" of the ModelRoute.</param>
/// <param name="Alias">The model name clients send (spec.model).</param>
/// <param name="HasPlan">Whether status.plan was present.</param>
/// <param name="Candidates">Candidates in frontier order.</param>
public sealed record RouteEntry(string Route, string Alias, bool HasPlan, ImmutableArray<CandidateRoute> Candidates);

/// <summary>An immutable routing snapshot: alias → route. Swapped atomically by <see cref="RoutingTableHolder"/>.</summary>
public sealed class RoutingTable
{
    /// <summary>The empty table.</summary>
    public static readonly RoutingTable Empty = new([], []);

    /// <summary>Creates a table from routes (one per alias) and notes about what was skipped or defaulted.</summary>
    public RoutingTable(IEnumerable<RouteEntry> routes, IEnumerable<string> notes)
    {
        Routes = [.. routes];
        ByAlias = Routes.ToFrozenDictionary(r => r.Alias, StringComparer.Ordinal);
        Notes = [.. notes];
    }

    /// <summary>Routes ordered by alias.</summary>
    public ImmutableArray<RouteEntry> Routes { get; }

    /// <summary>Problems and defaults met while building (duplicate aliases, missing servedModel, …).</summary>
    public ImmutableArray<string> Notes { get; }

    [JsonIgnore]
    internal FrozenDictionary<string, RouteEntry> ByAlias { get; }

    /// <summary>The route for <paramref name="alias"/>, or null.</summary>
    public RouteEntry? Find(string alias) => ByAlias.GetValueOrDefault(alias);
}

/// <summary>Holds the current snapshot; readers take it with one volatile read.</summary>
public sealed class RoutingTableHolder
{
    private RoutingTable? _table;

    /// <summary>The current table (empty before the first load).</summary>
    public RoutingTable Current => Volatile.Read(ref _table) ?? RoutingTable.Empty;

    /// <summary>Whether a snapshot has been loaded.</summary>
    public bool Loaded => Volatile.Read(ref _table) is not null;

    /// <summary>Raised after a swap.</summary>
    public event Action<RoutingTable>? Swapped;

    /// <summary>Replaces the snapshot.</summary>
    public void Swap(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Volatile.Write(ref _table, table);
        Swapped?.Invoke(table);
    }
}
