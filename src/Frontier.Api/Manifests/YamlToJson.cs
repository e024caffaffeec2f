using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Frontier.Api.Manifests;

/// <summary>
/// Converts a YAML node to JSON the way the API server reads it: plain scalars that look like numbers,
/// booleans or null become those; quoted scalars stay strings.
/// </summary>
public static class YamlToJson
{
    /// <summary>The JSON form of <paramref name="node"/>.</summary>
    /// <param name="node">A YAML node (a document's root, or any node in it).</param>
    /// <returns>The JSON node; null for a YAML null.</returns>
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Object(map),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject Object(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode { Value: { } k } ? k : throw new YamlException(key.Start, key.End, "mapping keys must be plain strings");
            if (obj.ContainsKey(name)) throw new YamlException(key.Start, key.End, $"duplicate key {name}");
            obj[name] = Convert(value);
        }
        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)) return JsonValue.Create(real);
        return JsonValue.Create(text);
    }
}
