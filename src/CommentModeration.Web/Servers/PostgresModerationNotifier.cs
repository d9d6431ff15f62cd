using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Servers;

/// <summary>
/// The notifier of several servers on one PostgreSQL database: a change reaches this server's open
/// moderation pages at once, as on one server, and every other server's through the database's
/// notifications (<see cref="ServerMessageListener"/> hands them to that server's pages).
/// </summary>
public sealed class PostgresModerationNotifier(InProcessModerationNotifier here, IOtherServers otherServers) : IModerationNotifier
{
    public void Publish(ModerationChange change)
    {
        here.Publish(change);
        otherServers.Tell(ServerMessage.Moderation(change));
    }

    public IDisposable Subscribe(Func<ModerationChange, Task> handler) => here.Subscribe(handler);
}
