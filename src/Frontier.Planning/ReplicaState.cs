namespace Frontier.Planning;

/// <summary>One candidate Deployment as observed: the replicas it asks for (spec.replicas) and those ready (status.readyReplicas).</summary>
/// <param name="Asked">spec.replicas before this pass scales it.</param>
/// <param name="Ready">status.readyReplicas: replicas that serve now.</param>
public sealed record ReplicaState(int Asked, int Ready);
