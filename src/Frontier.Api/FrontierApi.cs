namespace Frontier.Api;

/// <summary>The API group and version every Frontier resource is served under.</summary>
public static class FrontierApi
{
    /// <summary>API group.</summary>
    public const string Group = "frontier.dev";

    /// <summary>API version within the group.</summary>
    public const string Version = "v1alpha1";

    /// <summary>apiVersion as written in manifests.</summary>
    public const string ApiVersion = Group + "/" + Version;
}
