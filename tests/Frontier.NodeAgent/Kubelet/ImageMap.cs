using System.Text.Json;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// images.json: which program a container image stands for. An image is looked up by its base name, without
/// registry, tag or digest. See the comments in tests/Frontier.NodeAgent/images.json for the format. With an image
/// root (--image-root), an image whose base name has a bundle there (<see cref="ImageBundle"/>) runs from its
/// extracted layers instead; the map serves the rest.
/// </summary>
internal sealed class ImageMap
{
    private static readonly JsonSerializerOptions Json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private readonly IReadOnlyDictionary<string, Entry> _entries;
    private readonly string _repoRoot;
    private readonly string? _imageRoot;

    private ImageMap(IReadOnlyDictionary<string, Entry> entries, string repoRoot, string? imageRoot, string source)
    {
        _entries = entries;
        _repoRoot = repoRoot;
        _imageRoot = imageRoot;
        Source = source;
    }

    /// <summary>Where images come from: the map file, and the image root when there is one.</summary>
    public string Source { get; }

    /// <summary>The image base names listed.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>Reads <paramref name="file"/>; throws <see cref="InvalidDataException"/> saying what is wrong with it.</summary>
    /// <param name="file">images.json.</param>
    /// <param name="repoRoot">The root its paths are relative to.</param>
    /// <param name="imageRoot">The directory of image bundles (--image-root), or null.</param>
    public static ImageMap Load(string file, string repoRoot, string? imageRoot = null)
    {
        if (!File.Exists(file)) throw new InvalidDataException($"--images: no such file: {file}");
        if (imageRoot is not null && !Directory.Exists(imageRoot)) throw new InvalidDataException($"--image-root: no such directory: {imageRoot}");
        Dictionary<string, Entry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}");
        }
        if (entries is null || entries.Count == 0) throw new InvalidDataException($"{file}: no images");
        foreach (var (name, entry) in entries)
        {
            if ((entry.Dll is null) == (entry.Entrypoint is null))
                throw new InvalidDataException($"{file}: image {name}: give exactly one of \"dll\" and \"entrypoint\"");
        }
        return new ImageMap(entries, repoRoot, imageRoot, imageRoot is null ? file : $"{file} and the bundles in {imageRoot}");
    }

    /// <summary>"registry.example:5000/team/frontier-gateway:0.1.0@sha256:…" → "frontier-gateway".</summary>
    public static string BaseName(string image)
    {
        var name = image;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) name = name[..at];
        var slash = name.LastIndexOf('/');
        if (slash >= 0) name = name[(slash + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? name[..colon] : name;
    }

    /// <summary>The program for <paramref name="image"/>, or false with the reason ErrImagePull reports.</summary>
    public bool TryResolve(string? image, out ResolvedImage resolved, out string error)
    {
        resolved = new ResolvedImage([], [], null);
        if (string.IsNullOrWhiteSpace(image))
        {
            error = "the container has no image";
            return false;
        }
        var name = BaseName(image);
        if (_imageRoot is not null)
        {
            switch (ImageBundle.Find(_imageRoot, name, out var bundle, out error))
            {
                case BundleLookup.Found:
                    resolved = new ResolvedImage(bundle!.Entrypoint, bundle.Cmd, bundle.WorkingDir, bundle);
                    return true;
                case BundleLookup.Broken:
                    return false;
            }
        }
        if (!_entries.TryGetValue(name, out var entry))
        {
            error = $"image \"{image}\" ({name}) is not in the node agent's image map {Source}; known: {string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal))}";
            return false;
        }
        if (entry.Dll is { } dll)
        {
            var path = Path.GetFullPath(Path.Combine(_repoRoot, dll));
            if (!File.Exists(path))
            {
                error = $"image \"{image}\" maps to {path}, which is not built: run `dotnet build -c Release` in {_repoRoot}";
                return false;
            }
            resolved = new ResolvedImage(["dotnet", path], entry.Cmd ?? [], Path.GetDirectoryName(path));
        }
        else
        {
            resolved = new ResolvedImage(entry.Entrypoint!, entry.Cmd ?? [], null);
        }
        error = string.Empty;
        return true;
    }

    private sealed record Entry(
        [property: System.Text.Json.Serialization.JsonPropertyName("dll")] string? Dll,
        [property: System.Text.Json.Serialization.JsonPropertyName("entrypoint")] string[]? Entrypoint,
        [property: System.Text.Json.Serialization.JsonPropertyName("cmd")] string[]? Cmd);
}
