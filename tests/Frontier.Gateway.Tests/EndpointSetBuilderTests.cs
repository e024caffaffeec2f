using Frontier.Gateway.Endpoints;
using k8s.Models;

namespace Frontier.Gateway.Tests;

/// <summary>Which Pods of a Service are endpoints, and at which port.</summary>
public sealed class EndpointSetBuilderTests
{
    private static V1Pod Pod(string name, string? ip = "127.1.0.1", bool ready = true, bool terminating = false, string app = "m", int? namedPort = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name, NamespaceProperty = "ns", Labels = new Dictionary<string, string> { ["app"] = app },
            DeletionTimestamp = terminating ? DateTime.UtcNow : null,
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Ports = namedPort is { } p ? [new V1ContainerPort { ContainerPort = p, Name = "http" }] : null }] },
        Status = new V1PodStatus { PodIP = ip, Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    private static V1Service Service(params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = "m", NamespaceProperty = "ns" },
        Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "m" }, Ports = ports },
    };

    [Fact]
    public void Only_ready_pods_with_an_ip_that_are_not_terminating_and_match_the_selector_are_endpoints()
    {
        var pods = new[]
        {
            Pod("ok", "127.1.0.1"), Pod("unready", "127.1.0.2", ready: false), Pod("terminating", "127.1.0.3", terminating: true),
            Pod("no-ip", null), Pod("other-app", "127.1.0.5", app: "x"), Pod("ok2", "127.1.0.6"),
        };
        var endpoints = EndpointSetBuilder.Build(Service(new V1ServicePort { Port = 8000, TargetPort = (IntOrString)"9000" }), pods)!;
        Assert.Equal(
            [new BackendEndpoint("ok", "http://127.1.0.1:9000"), new BackendEndpoint("ok2", "http://127.1.0.6:9000")],
            endpoints.ForPort(8000)!.Value.ToArray());
        Assert.Null(endpoints.ForPort(9000));
    }

    [Fact]
    public void A_named_target_port_is_looked_up_in_the_pod_and_no_target_port_means_the_port()
    {
        var pods = new[] { Pod("named", "127.1.0.1", namedPort: 8123), Pod("unnamed", "127.1.0.2") };
        var endpoints = EndpointSetBuilder.Build(Service(new V1ServicePort { Port = 80, Name = "a", TargetPort = (IntOrString)"http" }, new V1ServicePort { Port = 8000, Name = "b" }), pods)!;
        Assert.Equal([new BackendEndpoint("named", "http://127.1.0.1:8123")], endpoints.ForPort(80)!.Value.ToArray());
        Assert.Equal(["named", "unnamed"], endpoints.ForPort(8000)!.Value.Select(e => e.Pod));
        Assert.Equal("http://127.1.0.2:8000", endpoints.ForPort(8000)!.Value[1].Address);
    }

    [Fact]
    public void A_service_without_a_selector_has_no_discovered_endpoints()
    {
        var service = Service(new V1ServicePort { Port = 8000 });
        service.Spec.Selector = null;
        Assert.Null(EndpointSetBuilder.Build(service, [Pod("ok")]));
    }
}
