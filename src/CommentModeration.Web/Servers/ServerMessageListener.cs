using System.Threading.Channels;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Sql;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Moderation;
using CommentModeration.Web.Rules;
using Npgsql;

namespace CommentModeration.Web.Servers;

/// <summary>
/// Hears what the other servers of the site say (one listening session per server) and does it
/// here: tells this server's open moderation pages, evicts its reader pages, reads the rules (or which
/// webhook events are received) again.
/// The session is opened before the server takes requests; when it breaks (a database restart, a
/// network fault) it is opened again by itself, and since notifications sent meanwhile are lost,
/// this server then evicts every reader page, reads the rules again and has the queues recount.
/// The session is the first to hear the database go: its break empties the connection pools, whose
/// idle connections broke with it, so the first requests once the database is back do not meet them.
/// </summary>
public sealed class ServerMessageListener(
    PostgresNotifications notifications,
    PostgresConnections connections,
    PostgresOtherServers self,
    InProcessModerationNotifier moderationPages,
    ArticlePageCache pageCache,
    CurrentRuleSet rules,
    WebhookSubscriptions webhooks,
    ILogger<ServerMessageListener> logger) : BackgroundService
{
    /// <summary>How long the session may stay silent before it is asked whether it is still there.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    private readonly Channel<string> _received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private NpgsqlConnection? _session;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _session = await notifications.ListenAsync(Receive, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Listening to the other servers failed at start; trying again in the background.");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handling = HandleAsync(stoppingToken);
        var retry = FirstRetry;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (_session is null)
                    {
                        _session = await notifications.ListenAsync(Receive, stoppingToken);
                        logger.LogInformation("Listening to the other servers again.");
                        _received.Writer.TryWrite(Reconnected);
                    }
                    retry = FirstRetry;
                    await PostgresNotifications.WaitAsync(_session, Quiet, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Listening to the other servers failed; trying again in {Delay}.", retry);
                    connections.ForgetIdleAfter(e);
                    await CloseSessionAsync();
                    await Task.Delay(retry, stoppingToken);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever the session was doing is cut short.
        }
        finally
        {
            _received.Writer.TryComplete();
            await CloseSessionAsync();
            await handling;
        }
    }

    // A payload that stands for "the session came back": no server id has a space in it.
    private const string Reconnected = " reconnected";

    private void Receive(string payload) => _received.Writer.TryWrite(payload);

    private async Task HandleAsync(CancellationToken stoppingToken)
    {
        await foreach (var payload in _received.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (payload == Reconnected) await CatchUpAsync(stoppingToken);
                else await HandlePayloadAsync(payload, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "A message from another server could not be handled.");
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task HandlePayloadAsync(string payload, CancellationToken ct)
    {
        var lines = payload.Split('\n');
        if (lines[0] == self.ServerId) return;
        foreach (var line in lines.Skip(1))
        {
            if (!ServerMessage.TryParse(line, out var message))
            {
                logger.LogWarning("Ignored a message from another server that does not parse: {Line}", line);
                continue;
            }
            switch (message.Kind)
            {
                case ServerMessageKind.Moderation when message.TryGetModerationChange(out var change):
                    moderationPages.Publish(change);
                    break;
                case ServerMessageKind.ReaderPages when message.Subject.Length > 0:
                    await pageCache.EvictHereAsync(message.Subject, ct);
                    break;
                case ServerMessageKind.Rules:
                    await rules.RefreshIfChangedAsync(ct);
                    break;
                case ServerMessageKind.Webhooks:
                    webhooks.Invalidate();
                    break;
                default:
                    logger.LogWarning("Ignored a message from another server that does not parse: {Line}", line);
                    break;
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        await pageCache.EvictAllAsync(ct);
        await rules.RefreshIfChangedAsync(ct);
        webhooks.Invalidate();
        moderationPages.Publish(ModerationChange.Counts());
    }

    private async Task CloseSessionAsync()
    {
        if (_session is null) return;
        try
        {
            await _session.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException)
        {
            logger.LogDebug(e, "Closing a broken listening session failed.");
        }
        _session = null;
    }
}
