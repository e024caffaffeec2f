using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Frontier.Gateway.Tests.ServerLoad;

/// <summary>Keeps every line logged (message and, if any, the exception's text) and echoes it to the test output.</summary>
internal sealed class LinesLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = exception is null ? formatter(state, exception) : $"{formatter(state, exception)}\n{exception}";
        _lines.Enqueue((logLevel, text));
        try
        {
            output.WriteLine($"{logLevel}: {text}");
        }
        catch (InvalidOperationException)
        {
            // the test has finished
        }
    }
}
