namespace Frontier.Testing;

/// <summary>What each request of a <see cref="LoadGenerator{TContext}"/> asks for.</summary>
/// <param name="MaxTokens">Completion tokens to ask for.</param>
/// <param name="StreamingShare">The share of requests that ask for a stream (0: none, 0.5: every other one, 1: all).</param>
public sealed record LoadRequestShape(int MaxTokens = 8, double StreamingShare = 0);
