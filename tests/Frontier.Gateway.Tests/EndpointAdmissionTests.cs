using System.Collections.Immutable;
using Frontier.Gateway.Endpoints;
using Frontier.Gateway.ServerLoad;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Gateway.Tests;

/// <summary>Admission over discovered endpoints: per-endpoint caps, power of two choices, weights scaled by the ready
/// share, drain of endpoints that leave, retries to a sibling endpoint, and the DNS fallback.</summary>
public sealed class EndpointAdmissionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CandidateStates _states = new();
    private readonly EndpointDirectory _directory = new();

    private static CandidateRoute Discovered(string name, double weight, int perPod, int planned) =>
        new(name, $"http://{name}.ns.svc:8000", name, weight, perPod * planned, 0)
        {
            Service = new ServiceRef("ns", name, 8000),
            EndpointCap = perPod,
            PlannedReplicas = planned,
        };

    private static RouteEntry Route(params CandidateRoute[] candidates) => new("ns/r", "alias", true, [.. candidates]);

    private void Pods(string service, params string[] pods) =>
        _directory.Set("ns", service, new ServiceEndpoints(new Dictionary<int, ImmutableArray<BackendEndpoint>>
        {
            [8000] = [.. pods.Select(p => new BackendEndpoint(p, $"http://{p}:8000"))],
        }));

    private Admission Admission(int seed = 1, IServerLoad? load = null, int gatewayReplicas = 1) =>
        new(new CandidatePicker(new Random(seed)), _states, _time, new GatewayOptions(), null, new EndpointResolver(_states, _directory, null, gatewayReplicas), load);

    [Fact]
    public void Power_of_two_choices_takes_the_less_loaded_and_never_the_most_loaded_of_three()
    {
        var picker = new CandidatePicker(new Random(3));
        for (var i = 0; i < 200; i++) Assert.Equal(1, picker.PickEndpoint([new EndpointRoom(5, true), new EndpointRoom(0, true)]));
        var counts = new int[3];
        for (var i = 0; i < 3000; i++) counts[picker.PickEndpoint([new EndpointRoom(0, true), new EndpointRoom(5, true), new EndpointRoom(9, true)])]++;
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[0], 1800, 2200); // wins every pair it is in: 2 of 3
        Assert.Equal(-1, picker.PickEndpoint([new EndpointRoom(0, false), new EndpointRoom(0, false)]));
        Assert.Equal(1, picker.PickEndpoint([new EndpointRoom(0, false), new EndpointRoom(7, true)]));
    }

    [Fact]
    public void Each_pod_is_capped_at_concurrency_per_replica_and_the_candidate_at_ready_pods_times_that()
    {
        Pods("big", "pod-a", "pod-b");
        var route = Route(Discovered("big", 1, perPod: 2, planned: 2));
        var admission = Admission();
        var leases = Enumerable.Range(0, 4).Select(_ => admission.TryAcquire(route)).ToList();
        Assert.All(leases, Assert.NotNull);
        Assert.Null(admission.TryAcquire(route));
        Assert.Equal(2, leases.Count(l => l!.Endpoint.Pod == "pod-a"));
        Assert.Equal(2, leases.Count(l => l!.Endpoint.Pod == "pod-b"));
        Assert.All(leases, l => Assert.StartsWith("http://pod-", l!.Endpoint.Address, StringComparison.Ordinal));

        Pods("big", "pod-a", "pod-b", "pod-c"); // a third pod turns ready: two more slots
        Assert.Equal("pod-c", admission.TryAcquire(route)!.Endpoint.Pod);
        foreach (var l in leases) l!.Dispose();
    }

    [Theory]
    [InlineData(8, 2, 4)]
    [InlineData(8, 3, 2)]
    [InlineData(2, 4, 1)]
    public void With_several_gateway_replicas_each_takes_its_share_of_a_pods_cap_even_when_the_server_reports_no_other_load(int perPod, int gateways, int share)
    {
        Pods("big", "pod-a");
        var route = Route(Discovered("big", 1, perPod, planned: 1));
        var admission = Admission(gatewayReplicas: gateways); // the server-load reading is 0: it lags the other replicas
        var leases = Enumerable.Range(0, share).Select(_ => admission.TryAcquire(route)).ToList();
        Assert.All(leases, Assert.NotNull);
        Assert.Null(admission.TryAcquire(route)); // its share is taken: the others' shares stay free for them
        Assert.True(gateways * share <= perPod || share == 1, "the shares together must stay within the cap (one each at least)");
        leases[0]!.Dispose();
        Assert.NotNull(admission.TryAcquire(route));
        foreach (var l in leases.Skip(1)) l!.Dispose();
    }

    [Fact]
    public void Requests_go_to_the_pod_with_the_lower_load_including_what_the_server_reports_from_others()
    {
        Pods("big", "pod-a", "pod-b");
        var others = new FakeServerLoad { ["http://pod-a:8000"] = 3 };
        var route = Route(Discovered("big", 1, perPod: 4, planned: 2));
        var admission = Admission(load: others);
        // pod-a carries 3 of another gateway's requests: the first three go to pod-b, and pod-a (4 - 3) has one slot left.
        var leases = Enumerable.Range(0, 5).Select(_ => admission.TryAcquire(route)!).ToList();
        Assert.Equal(["pod-b", "pod-b", "pod-b"], leases.Take(3).Select(l => l.Endpoint.Pod));
        Assert.Equal(1, leases.Count(l => l.Endpoint.Pod == "pod-a"));
        Assert.Null(admission.TryAcquire(route));
    }

    [Fact]
    public void A_candidate_with_a_quarter_of_its_planned_replicas_ready_gets_a_quarter_of_its_weight()
    {
        Pods("big", "pod-a");
        var small = new CandidateRoute("small", "http://small:8000", "small", 0.5, null, 0);
        var route = Route(small, Discovered("big", 0.5, perPod: 1_000_000, planned: 4));
        var admission = Admission(seed: 9);
        const int n = 20_000;
        var big = 0;
        for (var i = 0; i < n; i++)
        {
            using var lease = admission.TryAcquire(route)!;
            if (lease.Candidate.Name == "big") big++;
        }
        var share = 0.125 / (0.125 + 0.5);
        var sd = Math.Sqrt(share * (1 - share) / n);
        Assert.InRange(big / (double)n, share - 5 * sd, share + 5 * sd);
    }

    [Fact]
    public void A_pod_that_leaves_gets_no_new_requests_and_its_lease_still_releases()
    {
        Pods("big", "pod-a", "pod-b");
        var route = Route(Discovered("big", 1, perPod: 1, planned: 2));
        var admission = Admission();
        var onA = admission.TryAcquire(route)!;
        var onB = admission.TryAcquire(route)!;
        var a = onA.Endpoint.Pod == "pod-a" ? onA : onB;
        var b = ReferenceEquals(a, onA) ? onB : onA;
        b.Dispose();

        Pods("big", "pod-b"); // pod-a turns unready (or terminating) with a request in flight
        var next = admission.TryAcquire(route)!;
        Assert.Equal("pod-b", next.Endpoint.Pod);
        Assert.Null(admission.TryAcquire(route));
        Assert.Equal(1, a.State.InFlight);
        a.Dispose();
        Assert.Equal(0, a.State.InFlight);
        Assert.Null(admission.TryAcquire(route)); // pod-a's freed slot is not a slot any more
        next.Dispose();
    }

    [Fact]
    public async Task A_request_waiting_for_a_slot_takes_a_pod_that_turns_ready_without_waiting_for_a_release()
    {
        Pods("big", "pod-a");
        var route = Route(Discovered("big", 1, perPod: 1, planned: 2));
        var admission = Admission();
        using var first = admission.TryAcquire(route)!;
        var waiting = admission.AcquireAsync(route, TimeSpan.FromSeconds(30), null, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        Pods("big", "pod-a", "pod-b"); // the fake clock does not move: only the new Pod can end the wait
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("pod-b", second!.Endpoint.Pod);
    }

    [Fact]
    public void A_retry_goes_to_another_pod_of_the_same_candidate_before_another_candidate()
    {
        Pods("big", "pod-a", "pod-b");
        var other = new CandidateRoute("other", "http://other:8000", "other", 1000, null, 0);
        var route = Route(other, Discovered("big", 1, perPod: 4, planned: 2));
        var admission = Admission();
        var failed = admission.TryAcquire(route, c => c.Name == "other")!;
        failed.Dispose();
        using var retry = admission.TryAcquire(route, retryOf: failed)!;
        Assert.Equal("big", retry.Candidate.Name);
        Assert.NotEqual(failed.Endpoint.Pod, retry.Endpoint.Pod);
        Assert.True(RetryPolicy.MayRetry(failed, 0));
    }

    [Fact]
    public void A_service_candidate_whose_service_is_not_known_keeps_its_cluster_dns_address_and_cap()
    {
        var route = Route(Discovered("big", 1, perPod: 2, planned: 3));
        var admission = Admission();
        var leases = Enumerable.Range(0, 6).Select(_ => admission.TryAcquire(route)!).ToList();
        Assert.All(leases, l => Assert.Equal("http://big.ns.svc:8000", l.Endpoint.Address));
        Assert.Null(admission.TryAcquire(route));

        Pods("big", "pod-a"); // discovery catches up: the pod is the endpoint; the DNS leases still release
        foreach (var l in leases) l.Dispose();
        Assert.Equal("pod-a", admission.TryAcquire(route)!.Endpoint.Pod);
    }

    [Fact]
    public void The_fallback_to_the_cluster_dns_address_is_logged_once_per_candidate_and_says_why()
    {
        var logger = new CapturingLogger<EndpointResolver>();
        var admission = new Admission(new CandidatePicker(new Random(1)), _states, _time, new GatewayOptions(), null,
            new EndpointResolver(_states, _directory, logger));
        var route = Route(Discovered("big", 1, perPod: 2, planned: 1), Discovered("small", 1, perPod: 2, planned: 1));
        for (var i = 0; i < 10; i++) admission.TryAcquire(route)?.Dispose();
        Assert.Equal(2, logger.Lines.Count);
        Assert.All(logger.Lines, l => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, l.Level));
        Assert.Contains(logger.Lines, l => l.Message.Contains("candidate big", StringComparison.Ordinal)
            && l.Message.Contains("only in Kubernetes mode", StringComparison.Ordinal)
            && l.Message.Contains("http://big.ns.svc:8000", StringComparison.Ordinal));
    }

    private sealed class FakeServerLoad : Dictionary<string, int>, IServerLoad
    {
        public int OthersLoad(string address) => TryGetValue(address, out var n) ? n : 0;
    }
}
