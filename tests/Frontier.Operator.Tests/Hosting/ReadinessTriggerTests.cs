using Frontier.Operator.Hosting;
using Frontier.Runtime;
using k8s;
using k8s.Models;

namespace Frontier.Operator.Tests.Hosting;

public sealed class ReadinessTriggerTests
{
    private static readonly ObjectKey Route = new("ns", "chat");

    private static V1Deployment Deployment(int? ready, long generation = 1, int replicas = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = "wingpt", NamespaceProperty = "ns", Generation = generation },
        Status = new V1DeploymentStatus { Replicas = replicas, ReadyReplicas = ready },
    };

    [Fact]
    public async Task Queues_the_route_when_a_deployment_appears_goes_or_its_ready_replicas_change_and_not_otherwise()
    {
        var queue = new WorkQueue<ObjectKey>();
        var trigger = new ReadinessTrigger(_ => [Route], queue);

        trigger.OnChanged(WatchEventType.Added, Deployment(null));
        Assert.Equal(1, queue.Count);
        await Take(queue);

        trigger.OnChanged(WatchEventType.Modified, Deployment(null, generation: 2, replicas: 3)); // scaled, Pods created: nobody ready
        Assert.Equal(0, queue.Count);

        trigger.OnChanged(WatchEventType.Modified, Deployment(1, generation: 2, replicas: 3)); // a Pod turned ready
        Assert.Equal(1, queue.Count);
        await Take(queue);

        trigger.OnChanged(WatchEventType.Deleted, Deployment(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task The_deployments_of_the_first_list_are_recorded_without_queuing_and_their_later_changes_queue()
    {
        var queue = new WorkQueue<ObjectKey>();
        var synced = false;
        var trigger = new ReadinessTrigger(_ => [Route], queue, () => synced);

        trigger.OnChanged(WatchEventType.Added, Deployment(1)); // the informer's first list: the route's first pass reads it
        Assert.Equal(0, queue.Count);

        synced = true;
        trigger.OnChanged(WatchEventType.Modified, Deployment(1)); // nothing new since the list
        Assert.Equal(0, queue.Count);
        trigger.OnChanged(WatchEventType.Modified, Deployment(2)); // a Pod turned ready
        Assert.Equal(1, queue.Count);
        await Take(queue);
    }

    private static async Task Take(WorkQueue<ObjectKey> queue)
    {
        var (key, ok) = await queue.GetAsync();
        Assert.True(ok);
        Assert.Equal(Route, key);
        queue.Done(key);
    }
}
