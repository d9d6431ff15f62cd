using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Mail;
using CommentModeration.Web.Moderation;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Appeals;

/// <summary>An open appeal as the appeals queue shows it.</summary>
public sealed record OpenAppeal(long Id, long CommentId, string CommentText, string AuthorName, string ArticleTitle, string Outcome, string Ground,
    bool Automated, string DecidedBy, string? FirstDeciderUserId, DateTimeOffset DecidedAt, string AppealText, DateTimeOffset AppealedAt);

/// <summary>
/// The appeals queue (EU Digital Services Act, Art. 20): staff uphold or reverse an appeal, never the
/// person who took the decision appealed against (checked here, where it acts; the engine's decisions
/// have no human decider, so any moderator may decide them). Reversing publishes the comment again
/// through the kernel; either way the decision is audited and its author is mailed the outcome.
/// </summary>
public sealed class AppealDecisions(IDbContextFactory<AppDbContext> dbFactory, CommentWrites comments, MailOutbox outbox, IModerationNotifier notifier)
{
    public const int MaxReasonLength = 500;

    public const string SameDecider = "You took the decision this appeal is against: someone else must decide the appeal. Nothing was changed.";

    public async Task<IReadOnlyList<OpenAppeal>> OpenAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from appeal in db.Appeals.AsNoTracking()
                          where appeal.DecidedAt == null
                          join decision in db.ModerationEvents on appeal.DecisionEventId equals decision.Id
                          join comment in db.Comments on appeal.CommentId equals comment.Id
                          orderby appeal.Id
                          select new { appeal, decision, comment.BodyText, comment.AuthorName, comment.RejectionReason, comment.Article!.Title })
            .Take(200).ToListAsync(ct);
        return rows.ConvertAll(r => new OpenAppeal(r.appeal.Id, r.appeal.CommentId, r.BodyText, r.AuthorName, r.Title, RemovalDecision.Outcome(r.decision),
            RemovalDecision.Ground(r.decision, r.RejectionReason), r.decision.Automatic, r.decision.ActorName, r.appeal.FirstDeciderUserId, r.decision.At,
            r.appeal.Text, r.appeal.CreatedAt));
    }

    public async Task<int> OpenCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Appeals.CountAsync(a => a.DecidedAt == null, ct);
    }

    /// <summary>Decides an open appeal; null when done, else why nothing was changed.</summary>
    public async Task<string?> DecideAsync(long appealId, AppealOutcome outcome, string? reason, Moderator by, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0) return "Give the reason for your decision on the appeal: its author is told.";
        if (reason.Length > MaxReasonLength) return $"The reason is too long ({reason.Length} characters; at most {MaxReasonLength}).";

        OutgoingMail? mail;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await comments.BeginAsync(db, ct);
            if (!await CurrentRoles.HoldsAsync(db, by, Roles.Staff, ct)) return CurrentRoles.Revoked;
            var appeal = await db.Appeals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appealId, ct);
            if (appeal is null) return "This appeal no longer exists.";
            if (appeal.DecidedAt is not null) return $"{appeal.DecidedByName} decided this appeal first. Nothing was changed.";
            if (appeal.FirstDeciderUserId is not null && appeal.FirstDeciderUserId == by.UserId) return SameDecider;
            var target = await transaction.FindAsync(appeal.CommentId, ct);
            if (target is null) return "The comment of this appeal no longer exists.";
            if (!await transaction.DecideAppealAsync(target, appealId, outcome, reason, by.Actor, ct)) return "Someone decided this appeal first. Nothing was changed.";
            mail = OutcomeMail(target.Comment, outcome, reason, await db.Articles.Where(a => a.Id == target.Comment.ArticleId).Select(a => a.Title).FirstAsync(ct));
            await transaction.CommitAsync(ct);
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            return ModeratorDecisions.NotSaved;
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Someone changed this comment at the same moment. Nothing was changed: look again.";
        }
        if (mail is not null) outbox.Enqueue($"appeal {appealId} decided", mail);
        notifier.Publish(ModerationChange.Counts());
        return null;
    }

    private static OutgoingMail? OutcomeMail(Comment comment, AppealOutcome outcome, string reason, string title)
    {
        if (string.IsNullOrWhiteSpace(comment.AuthorEmail)) return null;
        var body = new MailBody().Paragraph($"Hello {comment.AuthorName},");
        if (outcome == AppealOutcome.Reversed)
        {
            body.Paragraph($"we reviewed your appeal about your comment on \"{title}\" and reversed the decision: your comment is published again.");
        }
        else
        {
            body.Paragraph($"we reviewed your appeal about your comment on \"{title}\". The decision stands: your comment stays unpublished.");
        }
        body.Paragraph($"Reason: {reason}");
        return new OutgoingMail(comment.AuthorEmail,
            outcome == AppealOutcome.Reversed ? $"Your appeal was successful: your comment on \"{title}\" is published" : $"Your appeal about your comment on \"{title}\" was not successful",
            body);
    }
}
