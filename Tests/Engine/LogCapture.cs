using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Tests.Engine;

/// <summary>Keeps every log message of the silos it is added to, with the silo's name, for tests that wait on what a silo said.</summary>
internal sealed class LogCapture
{
    private readonly ConcurrentQueue<(string Silo, string Message)> _messages = new();

    /// <summary>The silos that logged a message containing <paramref name="text"/>.</summary>
    public IReadOnlyList<string> SilosThatSaid(string text) =>
        [.. _messages.Where(m => m.Message.Contains(text, StringComparison.Ordinal)).Select(m => m.Silo).Distinct()];

    public ILoggerProvider For(string silo) => new Provider(this, silo);

    private sealed class Provider(LogCapture capture, string silo) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(capture, silo);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(LogCapture capture, string silo) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture._messages.Enqueue((silo, formatter(state, exception)));
            }
        }
    }
}
