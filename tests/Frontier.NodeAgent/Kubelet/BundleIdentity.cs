namespace Frontier.NodeAgent.Kubelet;

/// <summary>Who a process of an <see cref="ImageBundle"/> runs as.</summary>
/// <param name="Uid">The user id.</param>
/// <param name="Gid">The group id.</param>
/// <param name="Home">The user's home directory in the image (HOME when the image's Env sets none).</param>
internal sealed record BundleIdentity(long Uid, long Gid, string Home);
