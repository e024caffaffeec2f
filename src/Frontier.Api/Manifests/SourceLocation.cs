namespace Frontier.Api.Manifests;

/// <summary>Where an object came from, and the line of each of its fields.</summary>
/// <param name="File">File name as the user gave it.</param>
/// <param name="Lines">Field path (e.g. <c>spec.runs[1].totalSeconds</c>) to 1-based line.</param>
public sealed record SourceLocation(string File, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>"file:line" for the field or its nearest ancestor that has a line; "file" otherwise.</summary>
    public string At(string field)
    {
        for (var path = field; path.Length > 0; path = Parent(path))
        {
            if (Lines.TryGetValue(path, out var line)) return $"{File}:{line}";
        }
        return File;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
