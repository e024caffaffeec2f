namespace Frontier.Runtime;

/// <summary>Where a custom resource is served: its group, version, plural and scope.</summary>
/// <param name="Group">The API group, e.g. "frontier.dev".</param>
/// <param name="Version">The served version, e.g. "v1alpha1".</param>
/// <param name="Plural">The plural resource name used in URLs, e.g. "gpuprofiles".</param>
/// <param name="Namespaced">Whether objects live in namespaces (otherwise they are cluster-scoped).</param>
public sealed record ResourceType(string Group, string Version, string Plural, bool Namespaced)
{
    /// <summary>"group/version", or just "version" for the core group.</summary>
    public string ApiVersion => string.IsNullOrEmpty(Group) ? Version : $"{Group}/{Version}";

    /// <summary>"plural.group/version".</summary>
    public override string ToString() => string.IsNullOrEmpty(Group) ? $"{Plural}/{Version}" : $"{Plural}.{Group}/{Version}";
}
