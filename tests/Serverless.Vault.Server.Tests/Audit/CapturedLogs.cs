using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Server.Tests.Audit;

/// <summary>
/// Every application log line of a host, with its exception, at every level ("Logging:AuditCapture:LogLevel:Default"
/// lifts the host's filter for this provider only), so tests can prove that no secret reaches the log.
/// </summary>
[ProviderAlias("AuditCapture")]
internal sealed class CapturedLogs : ILoggerProvider
{
    /// <summary>The host setting that lets every level through to this provider.</summary>
    public const string Setting = "Logging:AuditCapture:LogLevel:Default=Trace";

    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
