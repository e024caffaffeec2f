using System.Globalization;

namespace Frontier.Replay;

/// <summary>One policy to replay; <paramref name="Share"/> is static-split's share to the best candidate (null: matched to frontier's quality).</summary>
public sealed record ReplayPolicy(PolicyKind Kind, double? Share = null)
{
    /// <summary>Every policy, in report order (static-split after frontier, whose quality its default share matches).</summary>
    public static readonly IReadOnlyList<ReplayPolicy> All =
    [
        new(PolicyKind.Frontier), new(PolicyKind.AlwaysBest), new(PolicyKind.Cheapest), new(PolicyKind.StaticSplit),
        new(PolicyKind.PeakStatic), new(PolicyKind.Oracle),
    ];

    /// <summary>The names accepted by <see cref="TryParse"/>, as in --policy.</summary>
    public static readonly IReadOnlyList<string> Names = ["frontier", "always-best", "cheapest", "static-split[:SHARE]", "peak-static", "oracle", "all"];

    /// <summary>The policy's name as in --policy and in the JSON report (static-split without its share).</summary>
    public string Name => NameOf(Kind);

    /// <summary>The name of a kind.</summary>
    public static string NameOf(PolicyKind kind) => kind switch
    {
        PolicyKind.Frontier => "frontier",
        PolicyKind.AlwaysBest => "always-best",
        PolicyKind.Cheapest => "cheapest",
        PolicyKind.StaticSplit => "static-split",
        PolicyKind.PeakStatic => "peak-static",
        PolicyKind.Oracle => "oracle",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Reads one --policy value ("all" is every policy); on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, out IReadOnlyList<ReplayPolicy> policies, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        policies = [];
        problem = null;
        var t = text.Trim();
        if (t == "all")
        {
            policies = All;
            return true;
        }
        if (t.StartsWith("static-split", StringComparison.Ordinal))
        {
            var rest = t["static-split".Length..];
            if (rest.Length == 0)
            {
                policies = [new ReplayPolicy(PolicyKind.StaticSplit)];
                return true;
            }
            if (rest[0] == ':' && double.TryParse(rest[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1)
            {
                policies = [new ReplayPolicy(PolicyKind.StaticSplit, share)];
                return true;
            }
            problem = $"'{t}': static-split takes an optional share of traffic to the best candidate in [0, 1], e.g. static-split:0.3";
            return false;
        }
        foreach (var kind in Enum.GetValues<PolicyKind>())
        {
            if (kind != PolicyKind.StaticSplit && NameOf(kind) == t)
            {
                policies = [new ReplayPolicy(kind)];
                return true;
            }
        }
        problem = $"unknown policy '{t}'; expected one of {string.Join(", ", Names)}";
        return false;
    }
}
