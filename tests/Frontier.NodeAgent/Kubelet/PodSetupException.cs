namespace Frontier.NodeAgent.Kubelet;

/// <summary>A pod cannot be set up yet (its ServiceAccount is missing, a token could not be issued); the message says
/// which and the pod's containers wait with reason CreateContainerConfigError until it can.</summary>
internal sealed class PodSetupException(string message, Exception? inner = null) : Exception(message, inner);
