using Frontier.Runtime;
using k8s;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>What every pod worker and container runner of the agent shares.</summary>
internal sealed record KubeletContext(
    IKubernetes Client,
    NodeAgentOptions Options,
    ImageMap Images,
    Prober Prober,
    PodIpAllocator PodIps,
    ServiceAccountTokens Tokens,
    EventRecorder Events,
    ILoggerFactory Logs,
    string NodeIp,
    string ApiServerHost,
    int ApiServerPort,
    bool CanMount);
