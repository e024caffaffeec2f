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

    private static async Task Take(WorkQueue<ObjectKey> queue)
    {
        var (key, ok) = await queue.GetAsync();
        Assert.True(ok);
        Assert.Equal(Route, key);
        queue.Done(key);
    }
}
