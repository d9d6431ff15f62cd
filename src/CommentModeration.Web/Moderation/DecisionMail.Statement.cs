using System.Globalization;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

public sealed partial class DecisionMail
{
    /// <summary>
    /// Queues the statement of reasons a removal or restriction owes its author (EU Digital Services Act,
    /// Art. 17), whatever the site's decision-mail switch says: what was decided, on what ground (with the
    /// legal ground of a notice that led to it), whether by automated means, and how to appeal. Written
    /// when its turn comes; a decision undone by then is not mailed.
    /// </summary>
    public void QueueStatement(OwedStatementOfReasons owed) =>
        outbox.Enqueue($"statement of reasons on comment {owed.CommentId}", ct => ComposeStatementAsync(owed, ct));

    private async Task<OutgoingMail?> ComposeStatementAsync(OwedStatementOfReasons owed, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.AsNoTracking().Include(c => c.Article).FirstOrDefaultAsync(c => c.Id == owed.CommentId, ct);
        var decision = owed.DecisionEventId is { } eventId
            ? await db.ModerationEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, ct)
            : await db.ModerationEvents.AsNoTracking().Where(e => e.CommentId == owed.CommentId && e.Action == AuditActions.Posted).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (comment?.Article is null || decision is null || string.IsNullOrWhiteSpace(comment.AuthorEmail) || !RemovalDecision.StillInForce(decision, comment)) return null;

        var title = comment.Article.Title;
        var grounds = await LegalGroundsOfAsync(db, comment.Id, decision.At, ct);
        var url = links.ToComment(comment.ArticleId, comment.Article.Slug, comment.ThreadRootId, comment.Id);
        var outcome = RemovalDecision.Outcome(decision);
        var body = new MailBody()
            .Paragraph($"Hello {comment.AuthorName},")
            .Paragraph($"your comment on \"{title}\" {outcome}. This is our statement of the reasons.")
            .Paragraph($"Reason: {RemovalDecision.Ground(decision, comment.RejectionReason)}");
        foreach (var ground in grounds) body.Paragraph($"Legal ground named in a notice of illegal content: {ground}");
        body.Paragraph(RemovalDecision.Means(decision))
            .Paragraph("If you think this decision is wrong, you may appeal against it once, until "
                + RemovalDecision.AppealDeadline(decision.At).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
                + ". Someone other than whoever took the decision will review it, and we will tell you the outcome.")
            .Link("Appeal this decision", appealLinks.UrlFor(decision.Id))
            .Link("The discussion", url);
        var subject = decision.Action == AuditActions.HiddenByReports ? $"Your comment on \"{title}\" is hidden" : $"Your comment on \"{title}\" {outcome}";
        return new OutgoingMail(comment.AuthorEmail, subject, body);
    }

    /// <summary>The legal grounds of the notices of illegal content this decision answered (or, for a hide, that stood open).</summary>
    private static async Task<List<string>> LegalGroundsOfAsync(AppDbContext db, long commentId, DateTimeOffset decidedAt, CancellationToken ct)
    {
        var notices = await db.Reports.AsNoTracking()
            .Where(r => r.CommentId == commentId && r.Reason == ReportReason.IllegalContent && (r.ResolvedAt == null || r.ResolvedAt == decidedAt))
            .Select(r => new { r.LegalGround, r.Country }).ToListAsync(ct);
        return notices.Select(n => $"{n.LegalGround} ({n.Country})").Distinct().ToList();
    }
}
