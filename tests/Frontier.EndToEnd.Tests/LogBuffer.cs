using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Frontier.EndToEnd.Tests;

/// <summary>Keeps the last lines an in-process application logs, for the diagnostics of a failed test.</summary>
internal sealed class LogBuffer : ILoggerProvider
{
    private const int Kept = 500;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string Tail(int lines = 60) => string.Join('\n', _lines.ToArray().TakeLast(lines));

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Kept && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LogBuffer buffer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            buffer.Add(exception is null ? line : $"{line}\n{exception}");
        }
    }
}
