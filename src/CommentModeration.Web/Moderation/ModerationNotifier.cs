namespace CommentModeration.Web.Moderation;

public enum ModerationChangeKind
{
    /// <summary>A new comment was stored (the posting service publishes this).</summary>
    CommentAdded,

    /// <summary>A comment's status, text or reports changed.</summary>
    CommentChanged,

    /// <summary>Only counts moved (a purge, an author action).</summary>
    CountsChanged,
}

public sealed record ModerationChange(ModerationChangeKind Kind, long? CommentId = null)
{
    public static ModerationChange Added(long commentId) => new(ModerationChangeKind.CommentAdded, commentId);
    public static ModerationChange Changed(long commentId) => new(ModerationChangeKind.CommentChanged, commentId);
    public static ModerationChange Counts() => new(ModerationChangeKind.CountsChanged);
}

/// <summary>
/// Tells open moderation pages that something changed: this server's (<see cref="InProcessModerationNotifier"/>),
/// or on PostgreSQL every server's (<see cref="Servers.PostgresModerationNotifier"/>).
/// </summary>
public interface IModerationNotifier
{
    /// <summary>Fire and forget: never throws, never waits for subscribers.</summary>
    void Publish(ModerationChange change);

    /// <summary>Dispose the returned handle to stop receiving (a page does so when its circuit ends).</summary>
    IDisposable Subscribe(Func<ModerationChange, Task> handler);
}

/// <summary>The single-server notifier: subscribers are the open queue pages of this process.</summary>
public sealed class InProcessModerationNotifier(ILogger<InProcessModerationNotifier> logger) : IModerationNotifier
{
    private readonly Lock _gate = new();
    private Func<ModerationChange, Task>[] _handlers = [];

    public int SubscriberCount => _handlers.Length;

    public void Publish(ModerationChange change)
    {
        foreach (var handler in _handlers)
        {
            _ = DeliverAsync(handler, change);
        }
    }

    public IDisposable Subscribe(Func<ModerationChange, Task> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    private async Task DeliverAsync(Func<ModerationChange, Task> handler, ModerationChange change)
    {
        try
        {
            await Task.Yield();
            await handler(change);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A moderation page failed to handle {Change}", change);
        }
    }

    private void Unsubscribe(Func<ModerationChange, Task> handler)
    {
        lock (_gate) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(InProcessModerationNotifier owner, Func<ModerationChange, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
