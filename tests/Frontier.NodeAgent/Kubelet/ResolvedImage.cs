namespace Frontier.NodeAgent.Kubelet;

/// <summary>What an image of the <see cref="ImageMap"/> runs.</summary>
/// <param name="Entrypoint">The image's entrypoint (e.g. <c>dotnet /repo/src/…/x.dll</c>); a container's command replaces it.</param>
/// <param name="Cmd">The image's default arguments; a container's args replace them.</param>
/// <param name="WorkingDirectory">The image's working directory (a .NET program's folder; for a bundle, inside its
/// root filesystem), or null for the pod's directory.</param>
/// <param name="Bundle">The image's extracted layers when it runs from them (chrooted), null when it runs on the host.</param>
internal sealed record ResolvedImage(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd, string? WorkingDirectory, ImageBundle? Bundle = null);
