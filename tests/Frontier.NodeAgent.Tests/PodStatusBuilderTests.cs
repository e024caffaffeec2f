using Frontier.NodeAgent.Kubelet;
using k8s.Models;

namespace Frontier.NodeAgent.Tests;

public sealed class PodStatusBuilderTests
{
    private static readonly DateTime T0 = new(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);

    private static V1ContainerStatus Waiting(string reason, bool ranBefore = false) => new()
    {
        Name = "w",
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } },
        LastState = ranBefore ? new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1 } } : new V1ContainerState(),
    };

    private static V1ContainerStatus Running(bool ready) => new() { Name = "r", Ready = ready, State = new V1ContainerState { Running = new V1ContainerStateRunning() } };

    private static V1ContainerStatus Exited(int code) => new() { Name = "x", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = code } } };

    [Theory]
    [InlineData("Always", "Pending", "ErrImagePull")]
    [InlineData("Always", "Running", "running")]
    [InlineData("Always", "Running", "CrashLoopBackOff")]
    [InlineData("Always", "Running", "exit 0")]
    [InlineData("Never", "Succeeded", "exit 0")]
    [InlineData("Never", "Failed", "exit 1")]
    [InlineData("OnFailure", "Running", "exit 1")]
    [InlineData("OnFailure", "Succeeded", "exit 0")]
    public void The_phase_follows_the_kubelets_rules(string restartPolicy, string phase, string container)
    {
        V1ContainerStatus status = container switch
        {
            "running" => Running(true),
            "CrashLoopBackOff" => Waiting(container, ranBefore: true),
            "exit 0" => Exited(0),
            "exit 1" => Exited(1),
            _ => Waiting(container),
        };
        Assert.Equal(phase, PodStatusBuilder.Phase(restartPolicy, [status]));
    }

    [Fact]
    public void Ready_needs_every_container_ready_and_a_terminating_pod_is_never_ready()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { RestartPolicy = "Always" } };
        var sandbox = new PodSandbox("127.50.0.7", "127.0.0.1", "n", "/d", null, "127.0.0.1", 6443);
        string Ready(V1PodStatus s) => s.Conditions.Single(c => c.Type == "Ready").Status;

        var oneUnready = PodStatusBuilder.Build(pod, null, sandbox, [Running(true), Running(false)], terminating: false, T0, T0);
        Assert.Equal("False", Ready(oneUnready));
        Assert.Equal("containers with unready status: [r]", oneUnready.Conditions.Single(c => c.Type == "Ready").Message);
        Assert.Equal(("127.50.0.7", "127.0.0.1", "Running"), (oneUnready.PodIP, oneUnready.HostIP, oneUnready.Phase));

        var ready = PodStatusBuilder.Build(pod, oneUnready.Conditions, sandbox, [Running(true)], terminating: false, T0, T0.AddSeconds(5));
        Assert.Equal("True", Ready(ready));
        Assert.Equal(T0.AddSeconds(5), ready.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(T0, ready.Conditions.Single(c => c.Type == "PodScheduled").LastTransitionTime); // no flip, no move

        var stopping = PodStatusBuilder.Build(pod, ready.Conditions, sandbox, [Running(true)], terminating: true, T0, T0.AddSeconds(9));
        Assert.Equal("False", Ready(stopping));
        Assert.Equal("PodTerminating", stopping.Conditions.Single(c => c.Type == "Ready").Reason);
    }
}
