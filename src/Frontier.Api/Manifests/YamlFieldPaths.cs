using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Frontier.Api.Manifests;

/// <summary>Maps YAML nodes to field paths such as <c>spec.candidates[0].name</c>, and back.</summary>
internal static class YamlFieldPaths
{
    /// <summary>Every field path under <paramref name="root"/> with the line its key (or item) starts on.</summary>
    public static Dictionary<string, int> Lines(YamlNode root)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        Walk(root, string.Empty, (path, key, _) => lines.TryAdd(path, (int)key.Line));
        return lines;
    }

    /// <summary>The path of the node (key or value) starting at <paramref name="mark"/>, or null.</summary>
    public static string? PathAt(YamlNode root, Mark mark)
    {
        string? found = null;
        Walk(root, string.Empty, (path, key, value) =>
        {
            if (found is null && (SameStart(key, mark) || SameStart(value, mark))) found = path;
        });
        return found;
    }

    private static bool SameStart(Mark a, Mark b) => a.Line == b.Line && a.Column == b.Column;

    private static void Walk(YamlNode node, string path, Action<string, Mark, Mark> visit)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var child = path.Length == 0 ? key.ToString() : $"{path}.{key}";
                    visit(child, key.Start, value.Start);
                    Walk(value, child, visit);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = $"{path}[{i}]";
                    visit(child, sequence.Children[i].Start, sequence.Children[i].Start);
                    Walk(sequence.Children[i], child, visit);
                }
                break;
        }
    }
}
