using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Web.Appeals;
using CommentModeration.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>A decision on a held comment that its author may be told about: <see cref="CommentStatus.Approved"/> or <see cref="CommentStatus.Rejected"/>.</summary>
public sealed record DecisionNotice(long CommentId, CommentStatus Outcome);

/// <summary>
/// Tells the author of a held comment that it was published or not, when the site has that
/// switched on; once per outcome (<see cref="Data.Entities.Comment.DecisionMailed"/>). A moderator's
/// action queues the notice after its commit; the mail is written in the background from the
/// comment as it is then, so neither the transaction nor the moderator waits for the settings,
/// the article or the mail server, and a decision undone before its turn is not mailed.
/// </summary>
public sealed partial class DecisionMail(MailOutbox outbox, IDbContextFactory<AppDbContext> dbFactory, CommentLinks links, AppealLinks appealLinks)
{
    public void Queue(DecisionNotice notice) =>
        outbox.Enqueue($"decision on comment {notice.CommentId}", ct => ComposeAsync(notice, ct));

    private sealed record DecidedComment(CommentStatus Status, string Email, string AuthorName, string? Reason,
        long ArticleId, string ArticleSlug, string ArticleTitle, long ThreadRootId);

    private async Task<OutgoingMail?> ComposeAsync(DecisionNotice notice, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await db.ReadDiscussionSettingsAsync(ct)).NotifyAuthorsOfDecisions) return null;
        var comment = await DecidedCommentOf(db, notice.CommentId, ct);
        if (comment is null) return null;
        if (comment.Status != notice.Outcome)
        {
            var cleared = await OwedMailMarks.ClearIfUndoneAsync(db, notice.CommentId,
                c => c.DecisionMailed == notice.Outcome, c => c.Status != notice.Outcome,
                s => s.SetProperty(c => c.DecisionMailed, (CommentStatus?)null), ct);
            if (cleared) return null;
            comment = await DecidedCommentOf(db, notice.CommentId, ct);
            if (comment?.Status != notice.Outcome) return null;
        }
        if (string.IsNullOrWhiteSpace(comment.Email)) return null;

        var url = links.ToComment(comment.ArticleId, comment.ArticleSlug, comment.ThreadRootId, notice.CommentId);
        var body = new MailBody().Paragraph($"Hello {comment.AuthorName},");
        if (notice.Outcome == CommentStatus.Approved)
        {
            body.Paragraph($"your comment on \"{comment.ArticleTitle}\" was approved and is now published.").Link("See your comment", url);
            return new OutgoingMail(comment.Email, $"Your comment on \"{comment.ArticleTitle}\" is published", body);
        }
        body.Paragraph($"your comment on \"{comment.ArticleTitle}\" was not published.");
        if (!string.IsNullOrWhiteSpace(comment.Reason)) body.Paragraph($"Reason: {comment.Reason}");
        body.Link("The discussion", url);
        return new OutgoingMail(comment.Email, $"Your comment on \"{comment.ArticleTitle}\" was not published", body);
    }

    private static Task<DecidedComment?> DecidedCommentOf(AppDbContext db, long commentId, CancellationToken ct) =>
        db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new DecidedComment(c.Status, c.AuthorEmail, c.AuthorName, c.RejectionReason, c.ArticleId, c.Article!.Slug, c.Article.Title, c.ThreadRootId))
            .FirstOrDefaultAsync(ct);
}
