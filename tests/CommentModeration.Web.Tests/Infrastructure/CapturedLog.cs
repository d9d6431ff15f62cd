using Microsoft.Extensions.Logging;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>The app's warnings, for a test that waits for one.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    /// <summary>Every warning or worse logged so far, oldest first.</summary>
    public IEnumerable<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public Task WaitForAsync(Func<string, bool> message) =>
        Eventually.UntilAsync(() => _messages.Any(message), TimeSpan.FromSeconds(20), "the awaited message was not logged.");

    public void Dispose() { }

    private sealed class Logger(CapturedLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._messages.Enqueue(formatter(state, exception));
        }
    }
}
