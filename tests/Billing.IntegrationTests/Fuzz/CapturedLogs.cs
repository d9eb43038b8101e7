using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// The server's own log entries at warning and above, captured in memory by a provider added to its logger factory
/// after start, so a run can show that nothing failed unhandled (Kestrel and ASP.NET log those at error).
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedEntry> _entries = new();

    public IReadOnlyCollection<CapturedEntry> Entries => _entries;

    public IEnumerable<CapturedEntry> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new CapturedEntry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}

internal sealed record CapturedEntry(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"[{Level}] {Category}: {Message}{(Exception is null ? "" : "\n" + Exception)}";
}
