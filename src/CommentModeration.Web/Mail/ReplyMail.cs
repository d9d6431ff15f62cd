using System.Security.Cryptography;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Mail;

/// <summary>
/// Tells a reader that someone replied to their comment, once the reply is published (by the
/// engine when posted, or by a moderator later): one mail per reply, to the author of the comment
/// it answers, unless that is the replier, the address opted out, or either comment is no longer
/// published when the mail's turn comes. Each mail carries an unsubscribe link for its reader:
/// the address, protected by the site's data-protection keys, so nobody can make one for another.
/// </summary>
public sealed class ReplyMail(MailOutbox outbox, IDbContextFactory<AppDbContext> dbFactory, CommentLinks links, SiteAddress site,
    IDataProtectionProvider protection, TimeProvider clock)
{
    public const string UnsubscribePath = "mail/unsubscribe";
    private const int ExcerptLength = 500;

    private readonly IDataProtector _unsubscribeTokens = protection.CreateProtector("CommentModeration.Mail.ReplyMail.Unsubscribe");

    /// <summary>Queues the mail about a reply whose publishing set its <see cref="Comment.ReplyMailed"/>; called after the commit.</summary>
    public void Queue(long replyId, long repliedToId) =>
        outbox.Enqueue($"reply {replyId} to comment {repliedToId}", ct => ComposeAsync(replyId, repliedToId, ct));

    public string UnsubscribeUrl(string email) => site.Absolute($"{UnsubscribePath}?token={Uri.EscapeDataString(_unsubscribeTokens.Protect(Normalize(email)))}");

    /// <summary>The address an unsubscribe token was made for; null for one this site did not make.</summary>
    public string? AddressOf(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return _unsubscribeTokens.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Records that <paramref name="email"/> wants no more reply mails; asking twice changes nothing.</summary>
    public async Task OptOutAsync(string email, CancellationToken ct = default)
    {
        email = Normalize(email);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        if (!await db.ReplyMailOptOuts.AnyAsync(o => o.Email == email, ct))
        {
            db.ReplyMailOptOuts.Add(new ReplyMailOptOut { Email = email, At = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private sealed record ReplyFacts(long ArticleId, string ArticleSlug, string ArticleTitle, long ThreadRootId, CommentStatus Status, bool HiddenByReports,
        string AuthorKey, string AuthorName, string AuthorEmail, string BodyText)
    {
        public bool IsPublished => CommentVisibility.IsVisibleState(Status, HiddenByReports);
    }

    private async Task<OutgoingMail?> ComposeAsync(long replyId, long repliedToId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reply = await ReplyOf(db, replyId, ct);
        if (reply is null) return null;
        if (!reply.IsPublished)
        {
            var cleared = await OwedMailMarks.ClearIfUndoneAsync(db, replyId,
                c => c.ReplyMailed, CommentVisibility.IsHidden,
                s => s.SetProperty(c => c.ReplyMailed, false), ct);
            if (cleared) return null;
            reply = await ReplyOf(db, replyId, ct);
            if (reply is not { IsPublished: true }) return null;
        }

        var repliedTo = await db.Comments.AsNoTracking().Where(c => c.Id == repliedToId)
            .Select(c => new
            {
                c.AuthorKey,
                c.AuthorName,
                // A reader's account address as it is now; a guest's as they gave it.
                Email = c.UserId == null ? c.AuthorEmail : db.Users.Where(u => u.Id == c.UserId).Select(u => u.Email).FirstOrDefault(),
                c.Status,
                c.HiddenByReports,
            })
            .FirstOrDefaultAsync(ct);
        if (repliedTo is null || !CommentVisibility.IsVisibleState(repliedTo.Status, repliedTo.HiddenByReports) || string.IsNullOrWhiteSpace(repliedTo.Email)) return null;
        var address = Normalize(repliedTo.Email);
        if (repliedTo.AuthorKey == reply.AuthorKey || address == Normalize(reply.AuthorEmail)) return null;
        if (await db.ReplyMailOptOuts.AnyAsync(o => o.Email == address, ct)) return null;

        var replyUrl = links.ToComment(reply.ArticleId, reply.ArticleSlug, reply.ThreadRootId, replyId);
        var excerpt = reply.BodyText.Length > ExcerptLength ? reply.BodyText[..ExcerptLength] + "…" : reply.BodyText;
        var unsubscribeUrl = UnsubscribeUrl(address);
        return new OutgoingMail(repliedTo.Email.Trim(), $"{reply.AuthorName} replied to your comment on \"{reply.ArticleTitle}\"", new MailBody()
            .Paragraph($"Hello {repliedTo.AuthorName},")
            .Paragraph($"{reply.AuthorName} replied to your comment on \"{reply.ArticleTitle}\":")
            .Quote(excerpt)
            .Link("Read the reply", replyUrl)
            .Paragraph("You get this mail because you left a comment with this address.")
            .Link("Stop mails about replies to my comments", unsubscribeUrl))
        {
            UnsubscribeUrl = unsubscribeUrl,
        };
    }

    private static Task<ReplyFacts?> ReplyOf(AppDbContext db, long replyId, CancellationToken ct) =>
        db.Comments.AsNoTracking().Where(c => c.Id == replyId)
            .Select(c => new ReplyFacts(c.ArticleId, c.Article!.Slug, c.Article.Title, c.ThreadRootId, c.Status, c.HiddenByReports,
                c.AuthorKey, c.AuthorName, c.AuthorEmail, c.BodyText))
            .FirstOrDefaultAsync(ct);

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
