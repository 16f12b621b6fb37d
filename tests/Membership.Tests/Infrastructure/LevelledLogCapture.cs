using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Membership.Tests.Infrastructure;

/// <summary>Every log entry the service writes, with its level, for tests of what is logged how loudly (and what never is).</summary>
public sealed class LevelledLogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Line)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, $"{category}: {formatter(state, exception)} {exception}"));
    }
}
