using System.Net;
using System.Net.Mail;
using System.Threading.Channels;
using CommentModeration.Data;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>Tells the author of a held comment that it was approved or rejected, when the site has that switched on.</summary>
public sealed class DecisionMail(IEmailSender sender, ILogger<DecisionMail> logger)
{
    public async Task SendAsync(string email, string authorName, string articleTitle, string articleUrl, bool approved, string? reason)
    {
        if (string.IsNullOrWhiteSpace(email)) return;
        var name = WebUtility.HtmlEncode(authorName);
        var title = WebUtility.HtmlEncode(articleTitle);
        var url = WebUtility.HtmlEncode(articleUrl);
        var (subject, body) = approved
            ? ($"Your comment on \"{articleTitle}\" is published",
               $"<p>Hello {name},</p><p>your comment on <a href=\"{url}\">{title}</a> was approved and is now published.</p>")
            : ($"Your comment on \"{articleTitle}\" was not published",
               $"<p>Hello {name},</p><p>your comment on <a href=\"{url}\">{title}</a> was not published.</p>"
               + (string.IsNullOrWhiteSpace(reason) ? "" : $"<p>Reason: {WebUtility.HtmlEncode(reason)}</p>"));
        try
        {
            await sender.SendEmailAsync(email, subject, body);
        }
        catch (Exception ex) when (ex is SmtpException or IOException or InvalidOperationException)
        {
            // A decision stands even when the mail cannot go out; the log says so.
            logger.LogWarning(ex, "Could not tell {Email} about the decision on their comment", email);
        }
    }
}

/// <summary>A decision on a held comment that its author may be told about.</summary>
public sealed record DecisionNotice(long CommentId, long ArticleId, string Email, string AuthorName, bool Approved, string? Reason);

/// <summary>
/// Decisions waiting to be mailed. A moderator's action only drops a notice here after its commit,
/// so neither the database transaction nor the moderator waits for settings, the article's title
/// or the mail server; <see cref="DecisionMailSender"/> sends them in the background.
/// </summary>
public sealed class DecisionMailOutbox
{
    private readonly Channel<DecisionNotice> _notices = Channel.CreateUnbounded<DecisionNotice>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    /// <summary>Notices queued and not yet handled (sent, skipped or failed and logged).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(DecisionNotice notice)
    {
        Interlocked.Increment(ref _pending);
        if (!_notices.Writer.TryWrite(notice)) Interlocked.Decrement(ref _pending);
    }

    internal ChannelReader<DecisionNotice> Reader => _notices.Reader;

    internal void Handled() => Interlocked.Decrement(ref _pending);
}

/// <summary>
/// Sends the queued decision mails one at a time, after the decisions are committed: checks the
/// site's switch, looks up the article, writes the mail. A failure is logged and the next one goes
/// on; the decision itself is already stored. On shutdown it sends what is still queued.
/// </summary>
public sealed class DecisionMailSender(DecisionMailOutbox outbox, DecisionMail mail, IDbContextFactory<AppDbContext> dbFactory, ILogger<DecisionMailSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in outbox.Reader.ReadAllAsync(stoppingToken)) await SendAsync(notice);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (outbox.Reader.TryRead(out var notice)) await SendAsync(notice);
        }
    }

    private async Task SendAsync(DecisionNotice notice)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (!(await db.ReadDiscussionSettingsAsync()).NotifyAuthorsOfDecisions) return;
            var article = await db.Articles.AsNoTracking().Where(a => a.Id == notice.ArticleId).Select(a => new { a.Title, a.Slug }).FirstOrDefaultAsync();
            if (article is null) return;
            logger.LogInformation("Telling the author of comment {CommentId} it was {Decision}", notice.CommentId, notice.Approved ? "approved" : "rejected");
            await mail.SendAsync(notice.Email, notice.AuthorName, article.Title, $"/articles/{article.Slug}#comment-{notice.CommentId}", notice.Approved, notice.Reason);
        }
        catch (Exception ex)
        {
            // Whatever went wrong (database gone, sink broken), the decision stands and the next mail goes on.
            logger.LogError(ex, "The decision mail for comment {CommentId} to {Email} was not sent", notice.CommentId, notice.Email);
        }
        finally
        {
            outbox.Handled();
        }
    }
}

/// <summary>Development sink: each mail becomes a file under Mail:PickupFolder (default App_Data/mail) and a log line.</summary>
public sealed class FileEmailSender(IConfiguration configuration, IHostEnvironment environment, TimeProvider clock, ILogger<FileEmailSender> logger) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var folder = Path.Combine(environment.ContentRootPath, configuration["Mail:PickupFolder"] ?? "App_Data/mail");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        var content = $"To: {email}\r\nSubject: {subject}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{htmlMessage}\r\n";
        await File.WriteAllTextAsync(file, content);
        logger.LogInformation("Mail to {Email} \"{Subject}\" written to {File}", email, subject, file);
    }
}

/// <summary>SMTP delivery, chosen when Mail:Smtp:Host is set.</summary>
public sealed class SmtpEmailSender(IConfiguration configuration) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var smtp = configuration.GetSection("Mail:Smtp");
        using var client = new SmtpClient(smtp["Host"], smtp.GetValue("Port", 587))
        {
            EnableSsl = smtp.GetValue("EnableSsl", true),
        };
        if (!string.IsNullOrEmpty(smtp["UserName"])) client.Credentials = new NetworkCredential(smtp["UserName"], smtp["Password"]);
        using var message = new MailMessage(smtp["From"] ?? "comments@localhost", email, subject, htmlMessage) { IsBodyHtml = true };
        await client.SendMailAsync(message);
    }
}
