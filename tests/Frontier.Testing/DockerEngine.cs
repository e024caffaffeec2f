namespace Frontier.Testing;

/// <summary>Whether a Docker engine is reachable, for the k3s (Testcontainers) variant of tests.
/// Decided by the engine's socket or DOCKER_HOST, not by the <c>docker</c> client, which may be
/// installed without a daemon.</summary>
public static class DockerEngine
{
    public const string SocketPath = "/var/run/docker.sock";

    public const string UnavailableReason = "no Docker engine (no /var/run/docker.sock and no DOCKER_HOST)";

    public static bool IsAvailable =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists(SocketPath);

    /// <summary>Skips the calling test (it must be a <c>[SkippableFact]</c> or
    /// <c>[SkippableTheory]</c>) when there is no Docker engine.</summary>
    public static void SkipIfUnavailable() => Skip.IfNot(IsAvailable, UnavailableReason);
}
