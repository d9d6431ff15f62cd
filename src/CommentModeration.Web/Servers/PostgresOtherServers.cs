using System.Text;
using System.Threading.Channels;
using CommentModeration.Data.Sql;

namespace CommentModeration.Web.Servers;

/// <summary>
/// Tells the other servers of the site over the database's notifications. Messages are queued and
/// one loop sends what is waiting at each moment in one round trip (one NOTIFY per ~8 KB), so a burst
/// of posts costs a few notifications, not one each. Every payload starts with this server's id, so
/// its own listener knows to skip what it sent.
/// </summary>
public sealed class PostgresOtherServers : IOtherServers, IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    private readonly PostgresNotifications _notifications;
    private readonly ILogger<PostgresOtherServers> _logger;
    private readonly Channel<ServerMessage> _queue = Channel.CreateUnbounded<ServerMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sending;

    public PostgresOtherServers(PostgresNotifications notifications, ILogger<PostgresOtherServers> logger)
    {
        _notifications = notifications;
        _logger = logger;
        _sending = Task.Run(SendAsync);
    }

    /// <summary>This process among the site's servers (new at every start).</summary>
    public string ServerId { get; } = Guid.NewGuid().ToString("N");

    public void Tell(ServerMessage message) => _queue.Writer.TryWrite(message);

    private async Task SendAsync()
    {
        var waiting = new List<ServerMessage>();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            waiting.Clear();
            while (_queue.Reader.TryRead(out var message)) waiting.Add(message);
            var payloads = Payloads(ServerId, waiting);
            // One retry covers a pooled connection that a database restart broke; beyond that the others
            // catch up by themselves when their own listening session comes back.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _notifications.NotifyAsync(payloads, _stopping.Token);
                    break;
                }
                catch (Exception e) when (attempt < 2 && !_stopping.IsCancellationRequested)
                {
                    _logger.LogDebug(e, "Telling the other servers failed; trying once more.");
                    await Task.Delay(RetryAfter, CancellationToken.None);
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "The other servers were not told of {Count} change(s); their pages may show the old state until they reconnect or the cache expires.", waiting.Count);
                    break;
                }
            }
        }
    }

    /// <summary>The server's id on the first line, one message a line, as many payloads as the size limit needs.</summary>
    internal static List<string> Payloads(string serverId, IEnumerable<ServerMessage> messages)
    {
        var payloads = new List<string>();
        var current = new StringBuilder(serverId);
        var bytes = Encoding.UTF8.GetByteCount(serverId);
        foreach (var message in messages.Distinct())
        {
            var line = message.ToLine();
            var lineBytes = Encoding.UTF8.GetByteCount(line) + 1;
            if (serverId.Length + 1 + lineBytes > PostgresNotifications.MaxPayloadBytes) continue;
            if (bytes + lineBytes > PostgresNotifications.MaxPayloadBytes)
            {
                payloads.Add(current.ToString());
                current.Clear().Append(serverId);
                bytes = Encoding.UTF8.GetByteCount(serverId);
            }
            current.Append('\n').Append(line);
            bytes += lineBytes;
        }
        if (current.Length > serverId.Length) payloads.Add(current.ToString());
        return payloads;
    }

    /// <summary>Sends what is still queued (a command-line verb's save, a stopping server's last changes), for a few seconds at most.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _sending.WaitAsync(DrainOnStop);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }
        _stopping.Dispose();
    }
}
