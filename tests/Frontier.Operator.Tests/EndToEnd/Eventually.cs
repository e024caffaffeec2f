using Frontier.Testing;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>Polls a condition until it holds or a deadline passes (<see cref="Poll.UntilAsync{T}"/>); the failure says what was awaited.</summary>
internal static class Eventually
{
    public static Task<T> WaitAsync<T>(Func<Task<T?>> probe, Func<T?, bool> done, TimeSpan timeout, string what, Func<string>? diagnostics = null) =>
        Poll.UntilAsync(probe, done, timeout, what, diagnostics);
}
