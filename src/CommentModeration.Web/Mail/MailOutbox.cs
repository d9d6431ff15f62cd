using System.Threading.Channels;
using MimeKit;

namespace CommentModeration.Web.Mail;

/// <summary>
/// Every mail the site sends waits here, dropped in after the change that caused it is committed,
/// and goes out in the background (<see cref="MailOutboxSender"/>): no page, moderator or
/// database transaction waits for the mail server, and a mail server that fails fails no page.
/// </summary>
public sealed class MailOutbox
{
    private readonly Channel<QueuedMail> _queue = Channel.CreateUnbounded<QueuedMail>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    /// <summary>Mails queued and not yet handled (sent, found unneeded, or failed and logged).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Queues a mail that is written when its turn comes, from the data as it is then; <paramref name="compose"/> gives null when by then there is nothing to tell.</summary>
    /// <param name="what">Names the mail in the log, e.g. "decision on comment 12".</param>
    public void Enqueue(string what, Func<CancellationToken, Task<OutgoingMail?>> compose)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new QueuedMail(what, compose))) Interlocked.Decrement(ref _pending);
    }

    public void Enqueue(string what, OutgoingMail mail) => Enqueue(what, _ => Task.FromResult<OutgoingMail?>(mail));

    internal ChannelReader<QueuedMail> Reader => _queue.Reader;

    internal void Handled() => Interlocked.Decrement(ref _pending);
}

internal sealed record QueuedMail(string What, Func<CancellationToken, Task<OutgoingMail?>> Compose);

/// <summary>
/// Writes and sends the queued mails one at a time. A failure is logged and the next mail goes on;
/// what caused the mail is stored already. On shutdown it sends what is still queued.
/// </summary>
public sealed class MailOutboxSender(MailOutbox outbox, IMailTransport transport, MailboxAddress from, TimeProvider clock, ILogger<MailOutboxSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var mail in outbox.Reader.ReadAllAsync(stoppingToken)) await SendAsync(mail);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (outbox.Reader.TryRead(out var mail)) await SendAsync(mail);
        }
    }

    private async Task SendAsync(QueuedMail queued)
    {
        try
        {
            var mail = await queued.Compose(CancellationToken.None);
            if (mail is null) return;
            await transport.SendAsync(mail.ToMimeMessage(from, clock.GetUtcNow()), CancellationToken.None);
            logger.LogInformation("Mail ({What}) sent to {To}", queued.What, mail.To);
        }
        catch (Exception ex)
        {
            // Whatever went wrong (mail server unreachable, database gone), the cause stands and the next mail goes on.
            logger.LogError(ex, "The mail ({What}) was not sent", queued.What);
        }
        finally
        {
            outbox.Handled();
        }
    }
}
