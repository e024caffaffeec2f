namespace Frontier.Api.Manifests;

/// <summary>A manifest could not be read or is invalid. The message names the file, the object and the field.</summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    public ManifestException(string message) : base(message) { }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public ManifestException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates an empty exception.</summary>
    public ManifestException() { }
}
