using Microsoft.Extensions.Logging;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>The app's warnings, for a test that waits for one.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    /// <summary>Every warning or worse logged so far, oldest first.</summary>
    public IEnumerable<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public async Task WaitForAsync(Func<string, bool> message)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_messages.Any(message))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("The awaited message was not logged within 20 s.");
            await Task.Delay(20);
        }
    }

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
