using System.Net;
using System.Net.Http;
using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Gateway;
using Frontier.Runtime;
using k8s;
using k8s.Autorest;

namespace Frontier.Cli.Status;

/// <summary>
/// Reads ModelRoutes and their candidates' Deployments from the API server into <see cref="RouteStatusReport"/>s.
/// Only reads (list/get ModelRoutes, get Deployments). An unreachable server, a refusal or a route that does not exist
/// becomes a <see cref="UsageException"/> with one line saying what to fix.
/// </summary>
internal sealed class LiveRoutes(IKubernetes client, string server)
{
    /// <summary>The routes of <paramref name="ns"/> (every namespace when null), or the one named <paramref name="name"/>.</summary>
    public async Task<List<RouteStatusReport>> ReadAsync(string? ns, string? name, CancellationToken ct)
    {
        var routes = await ListAsync(ns, ct).ConfigureAwait(false);
        if (name is not null)
        {
            var found = routes.Where(r => r.Metadata.Name == name).ToList();
            if (found.Count == 0)
                throw new UsageException($"no ModelRoute '{name}' in {(ns is null ? "any namespace" : $"namespace {ns}")}; found: " +
                    string.Join(", ", routes.Select(Key).DefaultIfEmpty("none")));
            routes = found;
        }
        var reports = new List<RouteStatusReport>();
        foreach (var route in routes.OrderBy(Key, StringComparer.Ordinal)) reports.Add(await ReportAsync(route, ct).ConfigureAwait(false));
        return reports;
    }

    /// <summary>The routes, listed (page by page) by the runtime's typed client, as the gateway's informer lists them.</summary>
    private async Task<List<ModelRoute>> ListAsync(string? ns, CancellationToken ct)
    {
        var routes = new CustomResourceClient<ModelRoute>(client, KubeRouteSource.ModelRoutes, ns);
        var list = await CallAsync("list ModelRoutes", () => routes.ListAsync(ct)).ConfigureAwait(false);
        return [.. list.Items];
    }

    private async Task<RouteStatusReport> ReportAsync(ModelRoute route, CancellationToken ct)
    {
        var ns = ResourceNames.NamespaceOf(route);
        var status = route.Status;
        var plan = status?.Plan;
        var frontier = (status?.Frontier ?? []).Where(p => p.Name is not null)
            .Select(p => new LivePointReport(p.Name!, p.Concurrency, p.CostPerRequestUsd, p.Quality)).ToList();
        var candidates = new List<CandidateStatusReport>();
        foreach (var c in (route.Spec?.Candidates ?? []).Where(c => c?.Name is not null))
        {
            var planned = plan?.Candidates.FirstOrDefault(p => p.Name == c.Name);
            var (asked, ready, problem) = c.Deployment is { Length: > 0 } d ? await ReplicasAsync(ns, d, ct).ConfigureAwait(false) : (null, null, null);
            candidates.Add(new CandidateStatusReport(c.Name!, c.Deployment, planned?.Replicas ?? 0, asked, ready, problem, planned?.Weight ?? 0,
                planned?.ConcurrencyPerReplica ?? 0, planned?.MaxInFlight ?? 0, planned?.CostPerRequestUsd ?? 0,
                frontier.Where(p => p.Name == c.Name).Select(p => (double?)p.Quality).FirstOrDefault()));
        }
        return new RouteStatusReport(Key(route), route.Spec?.Model, route.Spec?.Objective, status?.Demand?.RequestsPerSecond, status?.Demand?.Source,
            route.Spec?.Budget?.MaxHourlyCost, plan?.HourlyCost, plan?.ExpectedQuality, plan?.PowerSource, status?.LastPlanTime, candidates,
            [.. (status?.Conditions ?? []).Select(c => new ConditionReport(c.Type, c.Status, c.Reason, c.Message, c.LastTransitionTime))],
            frontier);
    }

    /// <summary>
    /// What the Deployment asks for (spec.replicas; unset is 1, as the API server defaults it) and how many are ready; or
    /// why it could not be read. A refusal names the namespace, not the Deployment, so the table says it once for all.
    /// </summary>
    private async Task<(int? Asked, int? Ready, string? Problem)> ReplicasAsync(string ns, string deployment, CancellationToken ct)
    {
        try
        {
            var d = await client.AppsV1.ReadNamespacedDeploymentAsync(deployment, ns, cancellationToken: ct).ConfigureAwait(false);
            return (d.Spec?.Replicas ?? 1, d.Status?.ReadyReplicas ?? 0, null);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null, $"Deployment {ns}/{deployment} not found");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            return (null, null, $"not allowed to get Deployments in namespace {ns} (the kubeconfig's user needs get on deployments)");
        }
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new UsageException($"{what}: the API server at {server} does not serve frontier.dev/{FrontierApi.Version} ModelRoutes; install the CRDs (kubectl apply -f crds/)");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new UsageException($"{what}: the API server at {server} refused ({(int)e.Response.StatusCode} {e.Response.StatusCode}); the kubeconfig's user needs get/list on modelroutes.frontier.dev and get on deployments");
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"{what}: cannot reach the API server at {server}: {e.Message}");
        }
        catch (TaskCanceledException)
        {
            throw new UsageException($"{what}: the API server at {server} did not answer in time");
        }
    }

    private static string Key(ModelRoute r) => $"{ResourceNames.NamespaceOf(r)}/{r.Metadata.Name}";
}
