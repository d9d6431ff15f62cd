using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// The mails to the sender of a notice of illegal content (EU Digital Services Act, Art. 16(4) and (5)):
/// a receipt when it is filed, and the decision when a moderator decides the comment.
/// </summary>
public sealed class NoticeMail(MailOutbox outbox, IDbContextFactory<AppDbContext> dbFactory, ILogger<NoticeMail> logger)
{
    public void QueueReceipt(long commentId, Report notice)
    {
        var email = notice.ReporterEmail!;
        outbox.Enqueue($"notice receipt for comment {commentId}", async ct =>
        {
            var title = await ArticleTitleOfAsync(commentId, ct);
            if (title is null) return null;
            var body = new MailBody()
                .Paragraph($"Hello {notice.ReporterName},")
                .Paragraph($"we received your notice of illegal content about a comment on \"{title}\" (comment {commentId}).")
                .Paragraph($"Legal ground you named: {notice.LegalGround} ({notice.Country})")
                .Paragraph("Moderators will review the comment; we will tell you what they decide.");
            return new OutgoingMail(email, $"We received your notice about a comment on \"{title}\"", body);
        });
    }

    /// <summary>Queues the outcome for every notice sender whose report on the comment was resolved at <see cref="OwedReportOutcome.ResolvedAt"/>.</summary>
    public async Task QueueOutcomesAsync(OwedReportOutcome owed, CancellationToken ct)
    {
        List<(string Email, string? Name)> senders;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            senders = (await db.Reports.AsNoTracking()
                .Where(r => r.CommentId == owed.CommentId && r.ResolvedAt == owed.ResolvedAt && r.ReporterEmail != null)
                .Select(r => new { Email = r.ReporterEmail!, Name = r.ReporterName }).ToListAsync(ct)).ConvertAll(r => (r.Email, r.Name));
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            // The decision is committed; a database gone for a moment costs the mail, not the decision.
            logger.LogError(e, "The outcome of the notices on comment {CommentId} was not mailed", owed.CommentId);
            return;
        }
        foreach (var sender in senders)
        {
            outbox.Enqueue($"notice outcome for comment {owed.CommentId}", innerCt => ComposeOutcomeAsync(owed.CommentId, sender.Email, sender.Name, innerCt));
        }
    }

    private async Task<OutgoingMail?> ComposeOutcomeAsync(long commentId, string email, string? name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new { c.Status, c.HiddenByReports, c.RejectionReason, c.Article!.Title }).FirstOrDefaultAsync(ct);
        if (comment is null) return null;
        var kept = comment.Status == CommentStatus.Approved && !comment.HiddenByReports;
        var body = new MailBody()
            .Paragraph($"Hello {name},")
            .Paragraph($"a moderator has decided on the comment on \"{comment.Title}\" (comment {commentId}) that you reported as illegal content.")
            .Paragraph(kept
                ? "Decision: the comment stays published. The moderator did not find it illegal or against our rules."
                : "Decision: the comment was removed" + (string.IsNullOrWhiteSpace(comment.RejectionReason) ? "." : $" (reason: {comment.RejectionReason})."));
        return new OutgoingMail(email, kept ? $"Your notice: the comment on \"{comment.Title}\" stays published" : $"Your notice: the comment on \"{comment.Title}\" was removed", body);
    }

    private async Task<string?> ArticleTitleOfAsync(long commentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Comments.AsNoTracking().Where(c => c.Id == commentId).Select(c => c.Article!.Title).FirstOrDefaultAsync(ct);
    }
}
