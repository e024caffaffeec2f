using Frontier.Testing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using Frontier.Api.Schema;
using Frontier.Api.Validation;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Frontier.Cli.Tests;

/// <summary>
/// The generated CRDs: crds/ and the Helm chart's copy in charts/frontier/crds/ are up to date, the schema
/// carries SpecValidator's rules, and the schema and SpecValidator agree on valid and invalid objects
/// (checked with a small structural-schema validator).
/// </summary>
public sealed class CrdsTests
{
    /// <summary>Writes crds/ and copies it into charts/frontier/crds/.</summary>
    private const string Regenerate = "make crds";

    private static readonly IReadOnlyList<V1CustomResourceDefinition> Crds = CrdGenerator.GenerateAll();

    private static V1CustomResourceDefinition Crd(string kind) => Crds.Single(c => c.Spec.Names.Kind == kind);

    private static V1JSONSchemaProps Schema(string kind) => Crd(kind).Spec.Versions.Single().Schema.OpenAPIV3Schema;

    /// <summary>The schema node at a dotted path; "[]" steps into array items.</summary>
    private static V1JSONSchemaProps At(string kind, string path)
    {
        var node = Schema(kind);
        foreach (var segment in path.Split('.'))
        {
            if (segment == "[]") node = (V1JSONSchemaProps)node.Items;
            else node = Assert.Contains(segment, node.Properties);
        }
        return node;
    }

    // ---- crds/ is what the code generates ----------------------------------------------------

    [Fact]
    public void Committed_crds_match_the_generator_byte_for_byte() => AssertMatchesGenerator("crds", Regenerate);

    /// <summary>The Helm chart installs its own copy of the CRDs (Helm only reads crds/ inside the chart).</summary>
    [Fact]
    public void Helm_chart_crds_match_the_generator_byte_for_byte() => AssertMatchesGenerator("charts/frontier/crds", Regenerate);

    /// <summary>DIR (relative to the repository) holds exactly the generator's files, byte for byte.</summary>
    private static void AssertMatchesGenerator(string relativeDir, string regenerate)
    {
        var dir = Path.Combine(RepoPaths.RepoRoot, relativeDir);
        Assert.True(Directory.Exists(dir), $"{relativeDir}/ is missing; run `{regenerate}`");
        foreach (var crd in Crds)
        {
            var name = CrdGenerator.FileName(crd);
            var path = Path.Combine(dir, name);
            Assert.True(File.Exists(path), $"{relativeDir}/{name} is missing; run `{regenerate}`");
            var expected = Encoding.UTF8.GetBytes(CrdGenerator.ToYaml(crd));
            Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(path)),
                $"{relativeDir}/{name} differs from what src/Frontier.Api generates; run `{regenerate}` and commit the result");
        }
        // Every manifest there would be applied (kubectl apply -f crds/, or Helm installing the chart's crds/).
        var expectedNames = Crds.Select(CrdGenerator.FileName).ToHashSet();
        var stale = Directory.GetFiles(dir)
            .Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".yaml", StringComparison.Ordinal) || n.EndsWith(".yml", StringComparison.Ordinal) || n.EndsWith(".json", StringComparison.Ordinal))
            .Where(n => !expectedNames.Contains(n!))
            .ToList();
        Assert.True(stale.Count == 0, $"{relativeDir}/ holds files the generator no longer writes: {string.Join(", ", stale)}; delete them");
    }

    [Fact]
    public void Files_are_named_group_plural_and_round_trip_through_the_kubernetes_client()
    {
        Assert.Equal(["frontier.dev_gpuprofiles.yaml", "frontier.dev_modelbenchmarks.yaml", "frontier.dev_modelroutes.yaml"], Crds.Select(CrdGenerator.FileName));
        foreach (var crd in Crds)
        {
            var yaml = CrdGenerator.ToYaml(crd);
            Assert.StartsWith(CrdGenerator.Header + "\n", yaml, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", yaml, StringComparison.Ordinal);
            var back = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml);
            Assert.Equal(KubernetesJson.Serialize(crd), KubernetesJson.Serialize(back));
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var again = CrdGenerator.GenerateAll();
        Assert.Equal(Crds.Select(CrdGenerator.ToYaml), again.Select(CrdGenerator.ToYaml));
    }

    // ---- names, scope, subresource, columns ----------------------------------------------------

    [Theory]
    [InlineData("GpuProfile", "gpuprofiles", "Cluster")]
    [InlineData("ModelBenchmark", "modelbenchmarks", "Namespaced")]
    [InlineData("ModelRoute", "modelroutes", "Namespaced")]
    public void Names_scope_version_and_status_subresource(string kind, string plural, string scope)
    {
        var crd = Crd(kind);
        Assert.Equal("apiextensions.k8s.io/v1", crd.ApiVersion);
        Assert.Equal($"{plural}.frontier.dev", crd.Metadata.Name);
        Assert.Equal("frontier.dev", crd.Spec.Group);
        Assert.Equal(plural, crd.Spec.Names.Plural);
        Assert.Equal(kind.ToLowerInvariant(), crd.Spec.Names.Singular);
        Assert.Equal(kind + "List", crd.Spec.Names.ListKind);
        Assert.Equal(scope, crd.Spec.Scope);
        Assert.Contains("frontier", crd.Spec.Names.Categories);
        Assert.NotEmpty(crd.Spec.Names.ShortNames);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal("v1alpha1", version.Name);
        Assert.True(version.Served && version.Storage);
        Assert.NotNull(version.Subresources?.Status);
        Assert.Null(version.Subresources!.Scale);
        Assert.Contains("status", version.Schema.OpenAPIV3Schema.Properties.Keys);
        Assert.Equal(["spec"], version.Schema.OpenAPIV3Schema.Required);
    }

    [Fact]
    public void Printer_columns()
    {
        static IEnumerable<string> Columns(string kind) =>
            Crd(kind).Spec.Versions.Single().AdditionalPrinterColumns.Select(c => $"{c.Name}|{c.JsonPath}|{c.Type}");

        Assert.Equal(
        [
            "Model|.spec.model|string",
            "$/h|.status.plan.hourlyCost|number",
            "Quality|.status.plan.expectedQuality|number",
            "Ready|.status.conditions[?(@.type==\"Ready\")].status|string",
            "Age|.metadata.creationTimestamp|date",
        ], Columns("ModelRoute"));
        Assert.Equal(["$/h|.status.hourlyCost|number", "Age|.metadata.creationTimestamp|date"], Columns("GpuProfile"));
        Assert.Equal(
        [
            "Model|.spec.model|string",
            "Score|.spec.benchmark.score|number",
            "Best C|.status.bestConcurrency|integer",
            "Age|.metadata.creationTimestamp|date",
        ], Columns("ModelBenchmark"));
        Assert.All(Crds.SelectMany(c => c.Spec.Versions.Single().AdditionalPrinterColumns), c => Assert.False(string.IsNullOrWhiteSpace(c.Description), c.Name));
    }

    [Fact]
    public void Simple_column_paths_point_at_fields_of_the_schema()
    {
        foreach (var crd in Crds)
        {
            foreach (var column in crd.Spec.Versions.Single().AdditionalPrinterColumns.Where(c => !c.JsonPath.Contains('[', StringComparison.Ordinal) && !c.JsonPath.StartsWith(".metadata", StringComparison.Ordinal)))
            {
                Assert.Equal(column.Type, At(crd.Spec.Names.Kind, column.JsonPath.TrimStart('.')).Type);
            }
        }
    }

    // ---- the rules SpecValidator states are in the schema --------------------------------------

    [Fact]
    public void Utilization_is_in_the_half_open_unit_interval()
    {
        var u = At("GpuProfile", "spec.tco.utilization");
        Assert.Equal("number", u.Type);
        Assert.Equal(0, u.Minimum);
        Assert.True(u.ExclusiveMinimum);
        Assert.Equal(1, u.Maximum);
        Assert.NotEqual(true, u.ExclusiveMaximum);
    }

    [Fact]
    public void Numeric_bounds_match_the_validator()
    {
        (string Kind, string Path, double? Min, bool Exclusive, double? Max)[] bounds =
        [
            ("GpuProfile", "spec.hourlyPrice", 0, true, null),
            ("GpuProfile", "spec.tco.purchasePrice", 0, true, null),
            ("GpuProfile", "spec.tco.depreciationYears", 0, true, null),
            ("GpuProfile", "spec.tco.powerKw", 0, false, null),
            ("GpuProfile", "spec.tco.pue", 1, false, null),
            ("GpuProfile", "spec.tco.electricityPricePerKwh", 0, false, null),
            ("GpuProfile", "spec.tco.maintenanceRate", 0, false, null),
            ("ModelBenchmark", "spec.gpus", 1, false, null),
            ("ModelBenchmark", "spec.benchmark.requests", 1, false, null),
            ("ModelBenchmark", "spec.runs.[].concurrency", 1, false, null),
            ("ModelBenchmark", "spec.runs.[].totalSeconds", 0, true, null),
            ("ModelBenchmark", "spec.runs.[].meanTtftSeconds", 0, false, null),
            ("ModelBenchmark", "spec.runs.[].meanLatencySeconds", 0, true, null),
            ("ModelBenchmark", "spec.runs.[].outputTokens", 0, false, null),
            ("ModelRoute", "spec.budget.maxHourlyCost", 0, true, null),
            ("ModelRoute", "spec.slo.maxTtftSeconds", 0, true, null),
            ("ModelRoute", "spec.slo.maxLatencySeconds", 0, true, null),
            ("ModelRoute", "spec.candidates.[].replicas.min", 0, false, null),
            ("ModelRoute", "spec.candidates.[].replicas.max", 1, false, null),
            ("ModelRoute", "spec.candidates.[].gpusPerReplica", 1, false, null),
            ("ModelRoute", "spec.candidates.[].backend.service.port", 1, false, 65535),
        ];
        foreach (var (kind, path, min, exclusive, max) in bounds)
        {
            var node = At(kind, path);
            Assert.True(min == node.Minimum, $"{kind} {path}: minimum {node.Minimum}");
            Assert.True(exclusive == (node.ExclusiveMinimum == true), $"{kind} {path}: exclusiveMinimum {node.ExclusiveMinimum}");
            Assert.True(max == node.Maximum, $"{kind} {path}: maximum {node.Maximum}");
        }
    }

    [Fact]
    public void Types_and_formats()
    {
        Assert.Equal(("integer", "int32"), (At("ModelBenchmark", "spec.gpus").Type, At("ModelBenchmark", "spec.gpus").Format));
        Assert.Equal(("integer", "int64"), (At("ModelBenchmark", "spec.runs.[].outputTokens").Type, At("ModelBenchmark", "spec.runs.[].outputTokens").Format));
        Assert.Equal(("number", null), (At("ModelRoute", "spec.qualityFloor").Type, At("ModelRoute", "spec.qualityFloor").Format));
        Assert.Equal(("string", "date-time"), (At("ModelRoute", "status.lastPlanTime").Type, At("ModelRoute", "status.lastPlanTime").Format));
        var metadata = At("ModelRoute", "metadata");
        Assert.Equal("object", metadata.Type);
        Assert.Null(metadata.Properties);
        Assert.Equal("array", At("ModelRoute", "spec.candidates").Type);
        Assert.Equal("object", At("ModelRoute", "spec.candidates.[]").Type);
    }

    [Fact]
    public void Objective_is_an_enum_of_the_validators_objectives()
    {
        var objective = At("ModelRoute", "spec.objective");
        Assert.Equal("string", objective.Type);
        Assert.Equal(ModelRouteSpec.Objectives, objective.EnumProperty.Cast<string>());
    }

    [Fact]
    public void Required_fields()
    {
        Assert.Equal(["candidates", "model"], At("ModelRoute", "spec").Required);
        Assert.Equal(["backend", "benchmark", "name", "replicas"], At("ModelRoute", "spec.candidates.[]").Required);
        Assert.Equal(["max"], At("ModelRoute", "spec.candidates.[].replicas").Required);
        Assert.Equal(["name", "port"], At("ModelRoute", "spec.candidates.[].backend.service").Required);
        Assert.Equal(["maxHourlyCost"], At("ModelRoute", "spec.budget").Required);
        Assert.Null(At("ModelRoute", "spec.slo").Required);
        Assert.Equal(["benchmark", "gpuProfile", "gpus", "model", "runs"], At("ModelBenchmark", "spec").Required);
        Assert.Equal(["name", "requests", "score"], At("ModelBenchmark", "spec.benchmark").Required);
        Assert.Equal(["concurrency", "totalSeconds"], At("ModelBenchmark", "spec.runs.[]").Required);
        Assert.Null(At("GpuProfile", "spec").Required);
        Assert.Equal(7, At("GpuProfile", "spec.tco").Required.Count);
        Assert.Equal(["status", "type"], At("ModelRoute", "status.conditions.[]").Required);
        Assert.Equal(["expectedQuality", "hourlyCost"], At("ModelRoute", "status.plan").Required);
    }

    [Fact]
    public void Lists_need_an_item_and_candidates_are_keyed_by_name()
    {
        Assert.Equal(1, At("ModelRoute", "spec.candidates").MinItems);
        Assert.Equal(1, At("ModelBenchmark", "spec.runs").MinItems);
        var candidates = At("ModelRoute", "spec.candidates");
        Assert.Equal("map", candidates.XKubernetesListType);
        Assert.Equal(["name"], candidates.XKubernetesListMapKeys);
        var conditions = At("ModelRoute", "status.conditions");
        Assert.Equal("map", conditions.XKubernetesListType);
        Assert.Equal(["type"], conditions.XKubernetesListMapKeys);
        var condition = At("GpuProfile", "status.conditions.[]");
        Assert.Equal(["lastTransitionTime", "message", "observedGeneration", "reason", "status", "type"], condition.Properties.Keys);
        Assert.Equal(["True", "False", "Unknown"], condition.Properties["status"].EnumProperty.Cast<string>());
    }

    [Fact]
    public void Exactly_one_alternatives_are_oneOf_required()
    {
        static IEnumerable<string> OneOf(V1JSONSchemaProps s) => s.OneOf.Select(o => string.Join(",", o.Required));
        Assert.Equal(["hourlyPrice", "tco"], OneOf(At("GpuProfile", "spec")));
        Assert.Equal(["service", "url"], OneOf(At("ModelRoute", "spec.candidates.[].backend")));
    }

    [Fact]
    public void Schemas_are_structural_and_portable_to_kubernetes_1_20()
    {
        foreach (var crd in Crds)
        {
            var root = crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;
            Walk(root, crd.Spec.Names.Kind, isJunctor: false);
        }

        static void Walk(V1JSONSchemaProps s, string at, bool isJunctor)
        {
            Assert.True(s.XKubernetesValidations is null, $"{at}: CEL is dropped by Kubernetes 1.20 and fails kubectl's client-side validation there");
            Assert.True(s.XKubernetesPreserveUnknownFields is null, $"{at}: x-kubernetes-preserve-unknown-fields is not needed");
            Assert.True(s.AdditionalProperties is null && s.AllOf is null && s.AnyOf is null && s.Not is null && s.RefProperty is null && s.DefaultProperty is null, $"{at}: unexpected keyword");
            if (isJunctor)
            {
                Assert.True(s.Type is null && s.Description is null && s.Properties is null, $"{at}: a oneOf branch may not carry type, description or properties");
                return;
            }
            Assert.False(string.IsNullOrEmpty(s.Type), $"{at}: every node needs a type in a structural schema");
            if (s.Pattern is { } pattern)
            {
                Assert.DoesNotContain("(?", pattern, StringComparison.Ordinal); // no inline flags or lookarounds: RE2, ECMA-262 and .NET must agree
                _ = new Regex(pattern);
            }
            if (s.Properties is { } properties)
                Assert.True(properties.Keys.Order(StringComparer.Ordinal).SequenceEqual(properties.Keys), $"{at}: properties are sorted");
            foreach (var (name, child) in s.Properties ?? new Dictionary<string, V1JSONSchemaProps>()) Walk(child, $"{at}.{name}", false);
            foreach (var branch in s.OneOf ?? [])
            {
                Assert.All(branch.Required, r => Assert.Contains(r, s.Properties!.Keys));
                Walk(branch, $"{at}.oneOf", true);
            }
            if (s.Items is V1JSONSchemaProps items) Walk(items, $"{at}[]", false);
        }
    }

    [Fact]
    public void Descriptions_come_from_the_xml_documentation()
    {
        var candidates = At("ModelRoute", "spec.candidates");
        Assert.False(string.IsNullOrWhiteSpace(candidates.Description));
        Assert.Contains("The models behind the alias.", candidates.Description, StringComparison.Ordinal);
        Assert.Contains("One model a route may send traffic to.", At("ModelRoute", "spec.candidates.[]").Description, StringComparison.Ordinal);
        Assert.Contains("exactly one", At("ModelRoute", "spec.candidates.[].backend").Description, StringComparison.Ordinal);
        Assert.Equal("Share of the year the card does paid work, 0 < u ≤ 1.", At("GpuProfile", "spec.tco.utilization").Description);
        Assert.Equal("Quoted price, USD per GPU-hour (cloud). Mutually exclusive with tco.", At("GpuProfile", "spec.hourlyPrice").Description);
        Assert.Equal("Always frontier.dev/v1alpha1.", At("ModelRoute", "apiVersion").Description);
        Assert.Equal("The kind's name.", At("ModelRoute", "kind").Description);
        Assert.StartsWith("Namespaced: a model alias", Schema("ModelRoute").Description, StringComparison.Ordinal);
        Assert.StartsWith("Desired state. A model alias clients call", At("ModelRoute", "spec").Description, StringComparison.Ordinal);

        foreach (var crd in Crds) AllDescribed(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema, crd.Spec.Names.Kind);

        static void AllDescribed(V1JSONSchemaProps s, string at)
        {
            // The API server rejects anything but `type: object` on metadata (verified against kube-apiserver 1.20).
            if (at.EndsWith(".metadata", StringComparison.Ordinal))
            {
                Assert.Null(s.Description);
                return;
            }
            Assert.False(string.IsNullOrWhiteSpace(s.Description), $"{at} has no description");
            Assert.Equal(s.Description!.Trim(), s.Description);
            Assert.DoesNotContain("  ", s.Description, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"<\w|cref=|inheritdoc", s.Description);
            foreach (var (name, child) in s.Properties ?? new Dictionary<string, V1JSONSchemaProps>()) AllDescribed(child, $"{at}.{name}");
            if (s.Items is V1JSONSchemaProps items) AllDescribed(items, $"{at}[]");
        }
    }

    // ---- the samples and the validator agree with the schema -----------------------------------

    [Fact]
    public void Every_sample_document_is_valid_against_its_schema_and_the_validator()
    {
        var path = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml");
        var documents = YamlDocuments(File.ReadAllText(path)).ToList();
        Assert.Equal(File.ReadLines(path).Count(l => l.StartsWith("kind:", StringComparison.Ordinal)), documents.Count);
        foreach (var document in documents)
        {
            var kind = document["kind"]!.GetValue<string>();
            var errors = SchemaCheck.Errors(document, Schema(kind));
            Assert.True(errors.Count == 0, $"{kind}/{document["metadata"]!["name"]}: {string.Join("; ", errors)}");
            Assert.Empty(ValidatorErrors(document));
        }
        // And the loader, which adds the reference checks, takes the whole file.
        Assert.Equal(documents.Count(d => d["kind"]!.GetValue<string>() == ModelBenchmark.KindName), Frontier.Api.Manifests.ManifestLoader.LoadFiles([path]).ModelBenchmarks.Count);
        Assert.Equal([GpuProfile.KindName, ModelBenchmark.KindName, ModelRoute.KindName], documents.Select(d => d["kind"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_test_manifests_are_valid_against_their_schemas()
    {
        foreach (var document in YamlDocuments(Manifests.All()))
            Assert.Empty(SchemaCheck.Errors(document, Schema(document["kind"]!.GetValue<string>())));
    }

    /// <summary>
    /// One field changed at a time. For each, the schema (as the API server applies it) and SpecValidator
    /// must agree — the schema is never stricter, and it catches everything it can express.
    /// </summary>
    public static TheoryData<string, string, string> Mutations()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string kind, string path, params string[] values)
        {
            foreach (var v in values) data.Add(kind, path, v);
        }
        Add("GpuProfile", "spec.tco.utilization", "-0.1", "0", "1e-9", "0.5", "1", "1.0000001", "2", "<remove>");
        Add("GpuProfile", "spec.tco.pue", "0", "0.99", "1", "1.5", "<remove>");
        Add("GpuProfile", "spec.tco.purchasePrice", "-1", "0", "0.01", "<remove>");
        Add("GpuProfile", "spec.tco.depreciationYears", "-1", "0", "0.5", "<remove>");
        Add("GpuProfile", "spec.tco.powerKw", "-0.1", "0", "0.4", "<remove>");
        Add("GpuProfile", "spec.tco.electricityPricePerKwh", "-0.1", "0", "<remove>");
        Add("GpuProfile", "spec.tco.maintenanceRate", "-0.1", "0", "<remove>");
        Add("GpuProfile", "spec.hourlyPrice", "2");
        Add("GpuProfile", "spec.tco", "<remove>");
        Add("GpuProfile", "spec", "{\"hourlyPrice\": 2}", "{\"hourlyPrice\": 0}", "{\"hourlyPrice\": -1}", "{}");

        Add("ModelBenchmark", "spec.model", "\"\"", "\" \"", "\"m\"", "<remove>");
        Add("ModelBenchmark", "spec.gpuProfile", "\"\"", "<remove>");
        Add("ModelBenchmark", "spec.gpus", "0", "1", "2", "<remove>");
        Add("ModelBenchmark", "spec.benchmark", "<remove>");
        Add("ModelBenchmark", "spec.benchmark.name", "\"\\t\"", "<remove>");
        Add("ModelBenchmark", "spec.benchmark.requests", "0", "1", "<remove>");
        Add("ModelBenchmark", "spec.benchmark.score", "-5", "<remove>");
        Add("ModelBenchmark", "spec.runs", "[]", "<remove>");
        Add("ModelBenchmark", "spec.runs[0].concurrency", "0", "1", "<remove>");
        Add("ModelBenchmark", "spec.runs[0].totalSeconds", "-1", "0", "0.1", "<remove>");
        Add("ModelBenchmark", "spec.runs[0].meanTtftSeconds", "-0.1", "0", "<remove>");
        Add("ModelBenchmark", "spec.runs[0].meanLatencySeconds", "-1", "0", "0.1");
        Add("ModelBenchmark", "spec.runs[0].outputTokens", "-1", "0", "100");

        Add("ModelRoute", "spec.model", "\"\"", "<remove>");
        Add("ModelRoute", "spec.objective", "\"MaxQuality\"", "\"MinCost\"", "\"Cheapest\"", "\"maxquality\"");
        Add("ModelRoute", "spec.budget.maxHourlyCost", "-1", "0", "5", "<remove>");
        Add("ModelRoute", "spec.budget", "<remove>");
        Add("ModelRoute", "spec.qualityFloor", "-100", "80");
        Add("ModelRoute", "spec.slo", "{\"maxTtftSeconds\": 0}", "{\"maxTtftSeconds\": 1}", "{\"maxLatencySeconds\": -1}", "{}");
        Add("ModelRoute", "spec.candidates", "[]", "<remove>");
        Add("ModelRoute", "spec.candidates[0].name", "\" \"", "<remove>");
        Add("ModelRoute", "spec.candidates[0].benchmark", "\"\"", "<remove>");
        Add("ModelRoute", "spec.candidates[0].replicas", "<remove>", "{\"max\": 1}", "{\"min\": 1}");
        Add("ModelRoute", "spec.candidates[0].replicas.min", "-1", "0", "3", "4");
        Add("ModelRoute", "spec.candidates[0].replicas.max", "0", "1", "<remove>");
        Add("ModelRoute", "spec.candidates[0].gpusPerReplica", "0", "1", "4");
        Add("ModelRoute", "spec.candidates[0].backend", "<remove>", "{}",
            "{\"service\": {\"name\": \"s\", \"port\": 0}}", "{\"service\": {\"name\": \"s\", \"port\": 1}}",
            "{\"service\": {\"name\": \"s\", \"port\": 65535}}", "{\"service\": {\"name\": \"s\", \"port\": 65536}}",
            "{\"service\": {\"port\": 80}}", "{\"service\": {\"name\": \"s\", \"port\": 80}, \"url\": \"http://x\"}",
            "{\"url\": \"https://x.example:8443/v1\"}", "{\"url\": \"HTTP://X\"}", "{\"url\": \"ftp://x\"}", "{\"url\": \"x:80\"}", "{\"url\": \"http://\"}");
        Add("ModelRoute", "spec.candidates[1]", "{\"name\": \"small\", \"benchmark\": \"b\", \"backend\": {\"url\": \"http://y\"}, \"replicas\": {\"max\": 1}}",
            "{\"name\": \"other\", \"benchmark\": \"b\", \"backend\": {\"url\": \"http://y\"}, \"replicas\": {\"max\": 1}}");
        return data;
    }

    /// <summary>Rules only SpecValidator can check on Kubernetes 1.20 (they would need CEL); the schema lets these through.</summary>
    private static readonly HashSet<(string Path, string Value)> ValidatorOnly =
    [
        ("spec.candidates[0].replicas.min", "4"), // min ≤ max (the test route has max 3)
    ];

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Schema_and_validator_agree(string kind, string path, string value)
    {
        var document = YamlDocuments(Manifests.All()).Single(d => d["kind"]!.GetValue<string>() == kind);
        Set(document, path, value == "<remove>" ? null : JsonNode.Parse(value), remove: value == "<remove>");

        var schemaErrors = SchemaCheck.Errors(document, Schema(kind));
        var validatorErrors = ValidatorErrors(document);
        var detail = $"{kind} {path} = {value}: schema [{string.Join("; ", schemaErrors)}], validator [{string.Join("; ", validatorErrors)}]";
        if (ValidatorOnly.Contains((path, value)))
        {
            Assert.True(schemaErrors.Count == 0 && validatorErrors.Count > 0, detail);
            return;
        }
        Assert.True(schemaErrors.Count == 0 == (validatorErrors.Count == 0), detail);
    }

    [Fact]
    public void Unknown_fields_and_wrong_types_are_caught_by_the_schema_checker()
    {
        var route = YamlDocuments(Manifests.Route).Single();
        route["spec"]!["modle"] = "typo";
        route["spec"]!["budget"]!["maxHourlyCost"] = "ten";
        route["spec"]!["candidates"]![0]!["replicas"]!["max"] = 1.5;
        var errors = SchemaCheck.Errors(route, Schema("ModelRoute"));
        Assert.Contains(errors, e => e.StartsWith("spec.modle:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.budget.maxHourlyCost:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.candidates[0].replicas.max:", StringComparison.Ordinal));
    }

    // ---- the command ---------------------------------------------------------------------------

    [Fact]
    public void Crds_without_output_prints_every_kind_to_stdout()
    {
        var result = CliRunner.Run("crds");
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(string.Empty, result.Err);
        Assert.Equal(string.Join("---\n", Crds.Select(CrdGenerator.ToYaml)), result.Out);
        var kinds = YamlDocuments(result.Out).Select(d => d["spec"]!["names"]!["kind"]!.GetValue<string>());
        Assert.Equal(["GpuProfile", "ModelBenchmark", "ModelRoute"], kinds);
    }

    [Fact]
    public void Crds_output_writes_one_file_per_kind()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("frontier-crds-").FullName, "nested");
        try
        {
            var result = CliRunner.Run("crds", "--output", dir);
            Assert.True(result.ExitCode == 0, result.Err);
            foreach (var crd in Crds)
            {
                var path = Path.Combine(dir, CrdGenerator.FileName(crd));
                Assert.Contains(path, result.Out, StringComparison.Ordinal);
                Assert.Equal(CrdGenerator.ToYaml(crd), File.ReadAllText(path));
                Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no BOM
            }
            Assert.Equal(3, Directory.GetFiles(dir).Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("--outptu", "x")]
    [InlineData("--output")]
    [InlineData("stray")]
    public void Crds_bad_arguments_exit_2(params string[] args)
    {
        var result = CliRunner.Run(["crds", .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.StartsWith("frontier crds: ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Crds_output_onto_a_file_exits_2()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = CliRunner.Run("crds", "--output", file);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("is a file", result.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static readonly JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static IReadOnlyList<FieldError> ValidatorErrors(JsonObject document) => document["kind"]!.GetValue<string>() switch
    {
        GpuProfile.KindName => SpecValidator.Validate(document.Deserialize<GpuProfile>(CamelCase)!),
        ModelBenchmark.KindName => SpecValidator.Validate(document.Deserialize<ModelBenchmark>(CamelCase)!),
        ModelRoute.KindName => SpecValidator.Validate(document.Deserialize<ModelRoute>(CamelCase)!),
        var other => throw new InvalidOperationException(other),
    };

    /// <summary>Sets (or removes) the value at a path like spec.candidates[0].replicas.min, creating objects on the way.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value, bool remove)
    {
        var steps = Regex.Matches(path, @"([^.\[\]]+)|\[(\d+)\]").Select(m => m.Groups[2].Success ? (object)int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : m.Groups[1].Value).ToList();
        JsonNode node = root;
        for (var i = 0; i < steps.Count - 1; i++)
        {
            node = steps[i] switch
            {
                string key => node[key] ??= new JsonObject(),
                int index => node[index]!,
                _ => throw new InvalidOperationException(),
            };
        }
        switch (steps[^1])
        {
            case string key when remove: node.AsObject().Remove(key); break;
            case string key: node[key] = value; break;
            case int index when index < node.AsArray().Count: node[index] = value; break;
            case int: node.AsArray().Add(value); break;
        }
    }

    /// <summary>The documents of a YAML stream as JSON, scalars typed the way the API server reads YAML.</summary>
    private static IEnumerable<JsonObject> YamlDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(m => (JsonObject)ToJson(m)!);

        static JsonNode? ToJson(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
            YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.Plain } s => JsonValue.Create(s.Value),
            YamlScalarNode { Value: null or "" or "~" or "null" } => null,
            YamlScalarNode { Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
            YamlScalarNode s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            YamlScalarNode s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            YamlScalarNode s => JsonValue.Create(s.Value),
            _ => throw new InvalidOperationException(node.NodeType.ToString()),
        };
    }

    /// <summary>
    /// The subset of structural-schema validation the generated CRDs use, applied as the API server
    /// does after pruning: type, required, enum, minimum/maximum (exclusive), pattern, minItems,
    /// oneOf, list-map key uniqueness. Unknown fields (which the server would prune) are errors here.
    /// </summary>
    private static class SchemaCheck
    {
        public static List<string> Errors(JsonNode? node, V1JSONSchemaProps schema)
        {
            var errors = new List<string>();
            Check(node, schema, string.Empty, errors);
            return errors;
        }

        /// <summary>The value of a number node, however it was created (long, double or parsed JSON).</summary>
        private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

        private static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

        private static void Check(JsonNode? node, V1JSONSchemaProps s, string at, List<string> errors)
        {
            if (node is null)
            {
                if (s.Nullable != true) errors.Add($"{at}: must not be null");
                return;
            }
            var kind = node.GetValueKind();
            switch (s.Type)
            {
                case null: break;
                case "object" when kind != JsonValueKind.Object:
                case "array" when kind != JsonValueKind.Array:
                case "string" when kind != JsonValueKind.String:
                case "number" when kind != JsonValueKind.Number:
                case "integer" when kind != JsonValueKind.Number || !double.IsInteger(Number(node)):
                case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
                    errors.Add($"{at}: must be of type {s.Type}");
                    return;
            }

            if (node is JsonObject obj)
            {
                if (s.Properties is { } properties)
                {
                    foreach (var (name, value) in obj)
                    {
                        if (properties.TryGetValue(name, out var child)) Check(value, child, Join(at, name), errors);
                        else if (s.Type is not null) errors.Add($"{Join(at, name)}: unknown field (the API server would prune it)");
                    }
                }
                foreach (var name in s.Required ?? [])
                {
                    if (!obj.ContainsKey(name)) errors.Add($"{Join(at, name)}: Required value");
                }
            }
            if (node is JsonArray array)
            {
                if (array.Count < s.MinItems) errors.Add($"{at}: should have at least {s.MinItems} items");
                if (s.Items is V1JSONSchemaProps items)
                {
                    for (var i = 0; i < array.Count; i++) Check(array[i], items, $"{at}[{i}]", errors);
                }
                if (s.XKubernetesListType == "map")
                {
                    var keys = array.Select(item => string.Join("\0", s.XKubernetesListMapKeys.Select(k => item?[k]?.ToJsonString()))).ToList();
                    if (keys.Distinct().Count() != keys.Count) errors.Add($"{at}: Duplicate value (keys {string.Join(", ", s.XKubernetesListMapKeys)})");
                }
            }
            if (kind == JsonValueKind.String)
            {
                var text = node.GetValue<string>();
                if (s.EnumProperty is { } allowed && !allowed.Cast<string>().Contains(text)) errors.Add($"{at}: Unsupported value \"{text}\"");
                if (s.Pattern is { } pattern && !Regex.IsMatch(text, pattern)) errors.Add($"{at}: should match '{pattern}'");
                if (s.Format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _)) errors.Add($"{at}: must be a date-time");
            }
            if (kind == JsonValueKind.Number)
            {
                var number = Number(node);
                if (s.Minimum is { } min && (s.ExclusiveMinimum == true ? number <= min : number < min))
                    errors.Add($"{at}: should be greater than {(s.ExclusiveMinimum == true ? "" : "or equal to ")}{min}");
                if (s.Maximum is { } max && (s.ExclusiveMaximum == true ? number >= max : number > max))
                    errors.Add($"{at}: should be less than {(s.ExclusiveMaximum == true ? "" : "or equal to ")}{max}");
                if (s.Format == "int32" && number is < int.MinValue or > int.MaxValue) errors.Add($"{at}: out of int32 range");
            }
            if (s.OneOf is { } oneOf)
            {
                var matches = oneOf.Count(branch => Errors(node, branch).Count == 0);
                if (matches != 1) errors.Add($"{at}: must validate one and only one schema (oneOf); {matches} matched");
            }
        }
    }
}
