namespace Frontier.NodeAgent.Kubelet;

/// <summary>How one container's process is started.</summary>
/// <param name="FileName">The program (resolved on PATH when it has no slash).</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Its whole environment (nothing is inherited from the agent).</param>
/// <param name="WorkingDirectory">Its working directory.</param>
/// <param name="Command">The container's command line as Kubernetes sees it (entrypoint/command + args), for logs.</param>
internal sealed record LaunchPlan(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    IReadOnlyList<string> Command);
