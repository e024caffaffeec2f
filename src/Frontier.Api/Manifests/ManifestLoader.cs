using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using Frontier.Api.Validation;
using k8s;
using k8s.Models;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Frontier.Api.Manifests;

/// <summary>
/// Reads the same multi-document YAML <c>kubectl apply -f</c> takes, keeps the Frontier kinds, and checks
/// them. Every problem becomes a <see cref="ManifestException"/> naming the file, the object and the field.
/// Documents of other kinds (Deployments, Services…) are skipped, so one file can hold a whole demo.
/// </summary>
public static class ManifestLoader
{
    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal)
    {
        [GpuProfile.KindName] = typeof(GpuProfile),
        [ModelBenchmark.KindName] = typeof(ModelBenchmark),
        [ModelRoute.KindName] = typeof(ModelRoute),
    };

    /// <summary>
    /// camelCase like the API server; unknown fields are errors here (the server would silently prune
    /// them), so a typo in a file is caught before it reaches a cluster.
    /// </summary>
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Reads and validates every file; throws <see cref="ManifestException"/> on the first bad one. Without
    /// <paramref name="checkReferences"/>, names of objects not in the files (a benchmark's GpuProfile) are not looked up:
    /// for tools that edit one kind of object on its own.
    /// </summary>
    public static ManifestSet LoadFiles(IEnumerable<string> paths, bool checkReferences = true)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = new ManifestSet();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new ManifestException($"{path}: cannot read the file: {e.Message}", e);
            }
            AddText(set, text, path);
        }
        Validate(set, checkReferences);
        return set;
    }

    /// <summary>Reads and validates YAML text; <paramref name="sourceName"/> stands for the file in messages.</summary>
    public static ManifestSet LoadText(string text, string sourceName)
    {
        var set = new ManifestSet();
        AddText(set, text, sourceName);
        Validate(set, checkReferences: true);
        return set;
    }

    private static void AddText(ManifestSet set, string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ManifestException($"{file}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet reports some structural errors (e.g. an unclosed flow mapping) without a position.
            throw new ManifestException($"{file}:{LastGoodLine(text)}: not valid YAML: the document structure is broken after this line (unclosed bracket or brace?)", e);
        }

        foreach (var document in stream.Documents)
        {
            var root = document.RootNode;
            if (root is not YamlMappingNode map)
            {
                if (root is YamlScalarNode { Value: null or "" }) continue;
                throw new ManifestException($"{file}:{root.Start.Line}: a manifest document must be a mapping with apiVersion, kind and metadata");
            }
            var kind = Scalar(map, "kind");
            var apiVersion = Scalar(map, "apiVersion");
            if (kind is null || !Kinds.TryGetValue(kind, out var type) || apiVersion?.StartsWith(FrontierApi.Group + "/", StringComparison.Ordinal) != true)
            {
                if (apiVersion?.StartsWith(FrontierApi.Group + "/", StringComparison.Ordinal) == true)
                    throw new ManifestException($"{file}:{map.Start.Line}: unknown kind {kind ?? "<missing>"} in {apiVersion}; expected {string.Join(", ", Kinds.Keys)}");
                if (kind is not null && Kinds.ContainsKey(kind) && apiVersion is null)
                    throw new ManifestException($"{file}:{map.Start.Line}: {kind}: apiVersion is required (use {FrontierApi.ApiVersion})");
                continue;
            }
            if (apiVersion != FrontierApi.ApiVersion)
                throw new ManifestException($"{file}:{map.Start.Line}: {kind}: apiVersion {apiVersion} is not served; use {FrontierApi.ApiVersion}");

            var name = (map.Children.TryGetValue("metadata", out var meta) && meta is YamlMappingNode m) ? Scalar(m, "name") : null;
            object? resource;
            var lines = YamlFieldPaths.Lines(map);
            var location = new SourceLocation(file, lines);
            try
            {
                resource = YamlToJson.Convert(map).Deserialize(type, JsonOptions);
            }
            catch (YamlException e)
            {
                var field = YamlFieldPaths.PathAt(map, e.Start) ?? "?";
                throw new ManifestException($"{file}:{e.Start.Line}: {kind}/{name ?? "<unnamed>"}: {field}: {e.Message}", e);
            }
            catch (JsonException e)
            {
                var field = FieldOf(e);
                throw new ManifestException($"{location.At(field)}: {kind}/{name ?? "<unnamed>"}: {field}: {Explain(e)}", e);
            }
            if (resource is not IKubernetesObject<V1ObjectMeta> obj) continue;
            if (string.IsNullOrWhiteSpace(obj.Metadata?.Name))
                throw new ManifestException($"{file}:{map.Start.Line}: {kind}: metadata.name is required");
            set.Add(resource, location);
        }
    }

    private static void Validate(ManifestSet set, bool checkReferences)
    {
        var problems = new List<string>();
        void Report(IKubernetesObject<V1ObjectMeta> obj, IEnumerable<FieldError> errors) =>
            problems.AddRange(errors.Select(e => $"{set.Describe(obj, e.Field)}: {e.Message}"));

        CheckDuplicates(set, problems);
        foreach (var p in set.GpuProfiles) Report(p, SpecValidator.Validate(p));
        foreach (var b in set.ModelBenchmarks) Report(b, SpecValidator.Validate(b).Concat(checkReferences ? ReferenceValidator.Validate(b, set) : []));
        foreach (var r in set.ModelRoutes) Report(r, SpecValidator.Validate(r).Concat(checkReferences ? ReferenceValidator.Validate(r, set) : []));
        if (problems.Count > 0) throw new ManifestException(string.Join(Environment.NewLine, problems));
    }

    private static void CheckDuplicates(ManifestSet set, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in set.GpuProfiles.Cast<IKubernetesObject<V1ObjectMeta>>().Concat(set.ModelBenchmarks).Concat(set.ModelRoutes))
        {
            var key = ResourceNames.Describe(obj, obj is not GpuProfile);
            if (!seen.Add(key)) problems.Add($"{set.Describe(obj, "metadata.name")}: {key} is defined more than once");
        }
    }

    private static long LastGoodLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        long line = 1;
        try
        {
            while (parser.MoveNext()) line = parser.Current?.End.Line ?? line;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return e is YamlException y ? y.Start.Line : line;
        }
        return line;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var node) && node is YamlScalarNode s ? s.Value : null;

    /// <summary>"spec.runs[0].totalSeconds" from System.Text.Json's "$.spec.runs[0].totalSeconds".</summary>
    private static string FieldOf(JsonException e)
    {
        var path = e.Path ?? "$";
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && UnknownMember(e.Message) is { } member)
            path = $"{path}.{member}";
        return path.TrimStart('$').TrimStart('.') is { Length: > 0 } p ? p : "(document)";
    }

    private static string? UnknownMember(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
        return end > start ? message[(start + 1)..end] : null;
    }

    private static string Explain(JsonException e)
    {
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
            return "unknown field; check the spelling against 'kubectl explain' or the README";
        var target = e.Message.Contains("Double", StringComparison.Ordinal) || e.Message.Contains("Int", StringComparison.Ordinal) ? "a number"
            : e.Message.Contains("String", StringComparison.Ordinal) ? "a string"
            : e.Message.Contains("IList", StringComparison.Ordinal) || e.Message.Contains("List", StringComparison.Ordinal) ? "a list"
            : "a value of another type";
        return $"wrong type: expected {target}";
    }
}
