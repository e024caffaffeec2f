using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Frontier.Api;
using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Api.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Frontier.Gateway;

/// <summary>
/// Reads the ModelRoutes (status included) of a multi-document YAML file and checks each with
/// <see cref="SpecValidator"/>. Unlike <see cref="ManifestLoader"/> it does not check references to
/// ModelBenchmarks, which the gateway does not need (and a routes file need not contain).
/// </summary>
public static class RouteFileLoader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>Reads a file; throws <see cref="ManifestException"/> naming the file on any problem.</summary>
    public static IReadOnlyList<ModelRoute> LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{path}: cannot read the file: {e.Message}", e);
        }
        return LoadText(text, path);
    }

    /// <summary>Reads YAML text; <paramref name="source"/> names it in messages.</summary>
    public static IReadOnlyList<ModelRoute> LoadText(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            throw new ManifestException($"{source}: not valid YAML: {e.Message}", e);
        }
        var routes = new List<ModelRoute>();
        var problems = new List<string>();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode map) continue;
            if (Scalar(map, "kind") != ModelRoute.KindName || Scalar(map, "apiVersion") != FrontierApi.ApiVersion) continue;
            ModelRoute? route;
            try
            {
                route = ToJson(map)!.Deserialize<ModelRoute>(JsonOptions);
            }
            catch (JsonException e)
            {
                throw new ManifestException($"{source}:{map.Start.Line}: ModelRoute: {e.Path}: {e.Message}", e);
            }
            if (route is null || string.IsNullOrWhiteSpace(route.Metadata?.Name))
            {
                problems.Add($"{source}:{map.Start.Line}: ModelRoute: metadata.name is required");
                continue;
            }
            var errors = SpecValidator.Validate(route);
            if (errors.Count > 0)
            {
                problems.AddRange(errors.Select(e => $"{source}:{map.Start.Line}: {ResourceNames.Describe(route, true)}: {e.Field}: {e.Message}"));
                continue;
            }
            routes.Add(route);
        }
        if (problems.Count > 0) throw new ManifestException(string.Join(Environment.NewLine, problems));
        return routes;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var node) && node is YamlScalarNode s ? s.Value : null;

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(ToJson)]),
        YamlScalarNode s => ScalarToJson(s),
        _ => null,
    };

    private static JsonNode? ScalarToJson(YamlScalarNode s)
    {
        var value = s.Value;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded) return JsonValue.Create(value);
        if (value is null or "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        return JsonValue.Create(value);
    }
}
