using k8s.Models;

namespace Frontier.Operator.Scaling;

/// <summary>Turns a structured label selector into the query-string form the list APIs take.</summary>
internal static class LabelSelectors
{
    /// <summary>
    /// <c>app=x,tier in (a,b),!legacy</c> for <paramref name="selector"/>; null when it has no requirement (which
    /// would select every pod: a Deployment never has one, and this refuses to treat "nothing" as "everything").
    /// </summary>
    public static string? ToQuery(V1LabelSelector? selector)
    {
        var parts = new List<string>();
        foreach (var (key, value) in selector?.MatchLabels ?? new Dictionary<string, string>())
            parts.Add($"{key}={value}");
        foreach (var requirement in selector?.MatchExpressions ?? [])
        {
            var values = string.Join(",", requirement.Values ?? []);
            parts.Add(requirement.OperatorProperty switch
            {
                "In" => $"{requirement.Key} in ({values})",
                "NotIn" => $"{requirement.Key} notin ({values})",
                "Exists" => requirement.Key,
                "DoesNotExist" => $"!{requirement.Key}",
                var other => throw new ArgumentException($"label selector operator '{other}' is not one of In, NotIn, Exists, DoesNotExist", nameof(selector)),
            });
        }
        return parts.Count == 0 ? null : string.Join(",", parts);
    }
}
