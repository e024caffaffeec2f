namespace Frontier.Bench;

/// <summary>The levels a sweep measured, in the order run.</summary>
/// <param name="Levels">Levels with at least one measured request.</param>
/// <param name="Interrupted">Whether the sweep was stopped before its last level completed.</param>
public sealed record SweepResult(IReadOnlyList<LevelResult> Levels, bool Interrupted);
