using Frontier.Api.Benchmarks;
using Frontier.Api.Routes;

namespace Frontier.Api.Validation;

/// <summary>Checks what a resource refers to: profiles, benchmarks, and that candidate qualities are comparable.</summary>
public static class ReferenceValidator
{
    /// <summary>Problems with a benchmark's references, empty when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ModelBenchmark benchmark, IResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        ArgumentNullException.ThrowIfNull(catalog);
        var c = new FieldChecks();
        if (benchmark.Spec.GpuProfile is { Length: > 0 } profile && catalog.FindGpuProfile(profile) is null)
            c.Add("spec.gpuProfile", $"GpuProfile {profile} not found; create it or fix the name", FieldErrorKind.MissingReference);
        return c.Errors;
    }

    /// <summary>Problems with a route's references, empty when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ModelRoute route, IResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(catalog);
        var c = new FieldChecks();
        var ns = ResourceNames.NamespaceOf(route);
        var candidates = route.Spec.Candidates ?? [];
        var benchmarkNames = new Dictionary<int, string>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (candidate?.Benchmark is not { Length: > 0 } name) continue;
            var at = $"spec.candidates[{i}]";
            var benchmark = catalog.FindBenchmark(ns, name);
            if (benchmark is null)
            {
                c.Add($"{at}.benchmark", $"ModelBenchmark {ns}/{name} not found; create it in namespace {ns} or fix the name", FieldErrorKind.MissingReference);
                continue;
            }
            if (benchmark.Spec.Benchmark?.Name is { } scoreName) benchmarkNames[i] = scoreName;
            var profile = candidate.GpuProfile ?? benchmark.Spec.GpuProfile;
            if (profile is { Length: > 0 } && catalog.FindGpuProfile(profile) is null)
                c.Add(candidate.GpuProfile is null ? $"{at}.benchmark" : $"{at}.gpuProfile", $"GpuProfile {profile} not found; create it or fix the name", FieldErrorKind.MissingReference);
            if (candidate.GpusPerReplica is { } gpus && benchmark.Spec.Gpus is { } measured && gpus % measured != 0)
                c.Add($"{at}.gpusPerReplica", $"must be a multiple of the {measured} GPUs ModelBenchmark {name} was measured on (a replica runs whole copies of that set), got {gpus}");
        }
        if (benchmarkNames.Values.Distinct(StringComparer.Ordinal).Count() > 1)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                if (candidates[i] is { Quality: null } && benchmarkNames.ContainsKey(i))
                    c.Add($"spec.candidates[{i}].quality", $"is required because candidates are scored on different benchmarks ({string.Join(", ", benchmarkNames.Values.Distinct().Order())}), whose scores are not comparable");
            }
        }
        return c.Errors;
    }
}
