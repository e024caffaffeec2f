namespace Frontier.Gateway;

/// <summary>One ejection: which backend, why, for how long, and the how-many-th (after forgiveness) it is.</summary>
/// <param name="Route">"namespace/name" of the route.</param>
/// <param name="Candidate">The candidate's name.</param>
/// <param name="Address">The endpoint's address (a Pod's, or the candidate's fixed one).</param>
/// <param name="Reason">The failure streak that ejected it.</param>
/// <param name="Duration">How long it stays ejected.</param>
/// <param name="Count">1 for a first ejection, n for the n-th.</param>
public sealed record Ejection(string Route, string Candidate, string Address, BackendFailureKind Reason, TimeSpan Duration, int Count);
