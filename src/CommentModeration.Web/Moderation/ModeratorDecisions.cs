using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using CommentModeration.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// Carries out moderators' decisions on comments: approve, reject, spam, send back to pending,
/// edit, undo (the rule engine's own decision at posting is a <see cref="Core.Rules.Verdict"/>).
/// Each comment is one transaction (status, audit row, counters); the article's cached pages are
/// evicted after the commit, so no reader can re-cache the old page in between. The mails the
/// change owes (the author's decision, the reply to a reader) are marked in the transaction and
/// sent in the background after the commit (<see cref="DecisionMail"/>, <see cref="ReplyMail"/>). A stale version
/// (someone acted first) changes nothing and says who did what. A moderator whose role was revoked
/// changes nothing either, whatever their open page still believes.
/// </summary>
public sealed class ModeratorDecisions(
    IDbContextFactory<AppDbContext> dbFactory,
    CommentStatusMover mover,
    ArticlePageCache pageCache,
    CommentBodyRenderer renderer,
    IModerationNotifier notifier,
    DecisionMail decisionMail,
    ReplyMail replyMail,
    CurrentRoles currentRoles,
    TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>The reasons offered for a rejection; a moderator may also type one.</summary>
    public static readonly IReadOnlyList<string> RejectionReasons =
    [
        "Off-topic",
        "Personal attack or harassment",
        "Hate speech",
        "Advertising or self-promotion",
        "Misinformation",
        "Spoiler or leak of private information",
        "Duplicate comment",
    ];

    public Task<ActionResult> ApproveAsync(IReadOnlyList<CommentRef> comments, Moderator by, CancellationToken ct = default) =>
        ApplyAsync(comments, by, ModerationActionNames.Approve, reason: null,
            refuse: c => c.Status == CommentStatus.Approved && !c.NeedsReview && c.OpenReportCount == 0 && !c.HiddenByReports ? "This comment is already approved." : null,
            change: c => { c.Status = CommentStatus.Approved; c.RejectionReason = null; },
            ct);

    public Task<ActionResult> RejectAsync(IReadOnlyList<CommentRef> comments, string reason, Moderator by, CancellationToken ct = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length == 0) return Task.FromResult(RefuseAll(comments, "Give a reason for the rejection."));
        if (reason.Length > MaxReasonLength) return Task.FromResult(RefuseAll(comments, $"The reason is too long ({reason.Length} characters; at most {MaxReasonLength})."));
        return ApplyAsync(comments, by, ModerationActionNames.Reject, reason,
            refuse: c => c.Status == CommentStatus.Rejected ? "This comment is already rejected." : null,
            change: c => { c.Status = CommentStatus.Rejected; c.RejectionReason = reason; },
            ct);
    }

    public Task<ActionResult> SpamAsync(IReadOnlyList<CommentRef> comments, Moderator by, CancellationToken ct = default) =>
        ApplyAsync(comments, by, ModerationActionNames.Spam, reason: null,
            refuse: c => c.Status == CommentStatus.Spam ? "This comment is already marked as spam." : null,
            change: c => { c.Status = CommentStatus.Spam; c.RejectionReason = null; },
            ct);

    /// <summary>Moves an approved, rejected or spam comment back to Pending.</summary>
    public Task<ActionResult> UnapproveAsync(IReadOnlyList<CommentRef> comments, Moderator by, CancellationToken ct = default) =>
        ApplyAsync(comments, by, ModerationActionNames.Unapprove, reason: null,
            refuse: c => c.Status == CommentStatus.Pending ? "This comment is already pending." : null,
            change: c => { c.Status = CommentStatus.Pending; c.RejectionReason = null; },
            ct);

    /// <summary>Puts each comment back exactly as it was before <paramref name="changes"/>, unless someone changed it since.</summary>
    public async Task<ActionResult> UndoAsync(IReadOnlyList<CommentChange> changes, Moderator by, CancellationToken ct = default)
    {
        if (!await currentRoles.HoldsAsync(by, Roles.Staff, ct))
            return RefuseAll(changes.Select(c => new CommentRef(c.CommentId, c.Version)).ToList(), CurrentRoles.Revoked);
        var changed = new List<CommentChange>();
        var refused = new List<ActionRefusal>();
        foreach (var change in changes)
        {
            var outcome = await ApplyOneAsync(new CommentRef(change.CommentId, change.Version), by, ModerationActionNames.Undo,
                reason: $"undo of {change.Action}",
                refuse: _ => null,
                change: c =>
                {
                    c.Status = change.Before.Status;
                    c.NeedsReview = change.Before.NeedsReview;
                    c.RejectionReason = change.Before.RejectionReason;
                    c.OpenReportCount = change.Before.OpenReportCount;
                    c.HiddenByReports = change.Before.HiddenByReports;
                },
                reopenReportsResolvedAt: change.At,
                ct: ct);
            if (outcome.Change is not null) changed.Add(outcome.Change);
            if (outcome.Refusal is not null) refused.Add(outcome.Refusal);
        }
        if (changed.Count > 0) notifier.Publish(ModerationChange.Counts());
        return new ActionResult(changed, refused);
    }

    /// <summary>Replaces a comment's text; the previous text is kept as a revision and the comment shows as edited.</summary>
    public async Task<ActionResult> EditAsync(CommentRef comment, string newText, Moderator by, CancellationToken ct = default)
    {
        newText = (newText ?? "").Trim();
        if (newText.Length == 0) return RefuseAll([comment], "The comment text cannot be empty.");
        if (newText.Length > DiscussionSettings.MaxCommentLength)
            return RefuseAll([comment], $"The text is too long ({newText.Length:N0} characters; at most {DiscussionSettings.MaxCommentLength:N0}).");
        if (!await currentRoles.HoldsAsync(by, Roles.Staff, ct)) return RefuseAll([comment], CurrentRoles.Revoked);

        var now = clock.GetUtcNow();
        var outcome = await ApplyOneAsync(comment, by, ModerationActionNames.Edit, reason: null,
            refuse: c => c.BodyText == newText ? "The text is unchanged." : null,
            change: c =>
            {
                c.BodyText = newText;
                c.BodyHtml = renderer.Render(newText);
                c.EditedAt = now;
            },
            beforeChange: (db, c) => db.CommentRevisions.Add(new CommentRevision
            {
                CommentId = c.Id,
                BodyText = c.BodyText,
                BodyHtml = c.BodyHtml,
                EditedByUserId = by.UserId,
                EditedByName = by.Name,
                EditedAt = now,
            }),
            resolvesReports: false,
            ct: ct);
        return new ActionResult(outcome.Change is null ? [] : [outcome.Change], outcome.Refusal is null ? [] : [outcome.Refusal]);
    }

    private async Task<ActionResult> ApplyAsync(IReadOnlyList<CommentRef> comments, Moderator by, string action, string? reason,
        Func<Comment, string?> refuse, Action<Comment> change, CancellationToken ct)
    {
        if (!await currentRoles.HoldsAsync(by, Roles.Staff, ct)) return RefuseAll(comments, CurrentRoles.Revoked);
        var changed = new List<CommentChange>();
        var refused = new List<ActionRefusal>();
        foreach (var comment in comments.DistinctBy(c => c.Id))
        {
            var outcome = await ApplyOneAsync(comment, by, action, reason, refuse, c => { change(c); c.NeedsReview = false; c.OpenReportCount = 0; c.HiddenByReports = false; }, ct: ct);
            if (outcome.Change is not null) changed.Add(outcome.Change);
            if (outcome.Refusal is not null) refused.Add(outcome.Refusal);
        }
        if (changed.Count > 0) notifier.Publish(ModerationChange.Counts());
        return new ActionResult(changed, refused);
    }

    /// <remarks>
    /// Kept lean because SQLite has one writer: one query loads the comment with its article's slug
    /// and whether its author has a standing row; the counters move; one SaveChanges writes the
    /// comment (its concurrency token checked) and the audit row, without savepoints; commit.
    /// Eviction follows the commit; the author's mail goes to the background outbox.
    /// </remarks>
    private async Task<(CommentChange? Change, ActionRefusal? Refusal)> ApplyOneAsync(CommentRef target, Moderator by, string action, string? reason,
        Func<Comment, string?> refuse, Action<Comment> change,
        Action<AppDbContext, Comment>? beforeChange = null, bool resolvesReports = true, DateTimeOffset? reopenReportsResolvedAt = null,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        Comment comment;
        string? slug;
        CommentState before, after;
        OwedMails owed;
        ModerationEvent audit;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.BeginWriteAsync(ct);
            var found = await db.Comments.Where(c => c.Id == target.Id)
                .Select(c => new { Comment = c, c.Article!.Slug, AuthorHasStanding = db.AuthorStandings.Any(a => a.AuthorKey == c.AuthorKey) })
                .SingleOrDefaultAsync(ct);
            if (found is null) return (null, new ActionRefusal(target.Id, "This comment no longer exists."));
            comment = found.Comment;
            slug = found.Slug;
            if (comment.Version != target.Version) return (null, await ConflictAsync(target.Id, ct));
            if (refuse(comment) is { } why) return (null, new ActionRefusal(target.Id, why));

            try
            {
                beforeChange?.Invoke(db, comment);
                if (resolvesReports && comment.OpenReportCount > 0)
                {
                    await db.Reports.Where(r => r.CommentId == comment.Id && r.ResolvedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, now), ct);
                }
                if (reopenReportsResolvedAt is { } resolvedAt)
                {
                    await db.Reports.Where(r => r.CommentId == comment.Id && r.ResolvedAt == resolvedAt)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, (DateTimeOffset?)null), ct);
                }
                (before, after) = await mover.MoveAsync(db, comment, change, found.AuthorHasStanding, ct);
                owed = MarkOwedMails(comment, before, after, action);
                audit = new ModerationEvent
                {
                    At = now,
                    CommentId = comment.Id,
                    AuthorKey = comment.AuthorKey,
                    Action = action,
                    FromStatus = before.Status,
                    ToStatus = after.Status,
                    Reason = reason,
                    ActorUserId = by.UserId,
                    ActorName = by.Name,
                };
                db.ModerationEvents.Add(audit);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return (null, await ConflictAsync(target.Id, ct));
            }
        }

        await AfterCommitAsync(comment, slug, before, after, owed, ct);
        return (new CommentChange(comment.Id, audit.Id, action, before, after, target.Version, comment.Version, now), null);
    }

    private readonly record struct OwedMails(bool Decision, bool Reply);

    /// <summary>
    /// The mails this change owes, marked on the comment in its transaction: a decision on a held
    /// comment (not an undo) tells its author, once per outcome; a reply published for the first
    /// time tells the author of the comment it answers. So approve, undo, approve mails once.
    /// </summary>
    private static OwedMails MarkOwedMails(Comment comment, CommentState before, CommentState after, string action)
    {
        var decision = before.Status == CommentStatus.Pending && after.Status is CommentStatus.Approved or CommentStatus.Rejected
            && action != ModerationActionNames.Undo && !string.IsNullOrWhiteSpace(comment.AuthorEmail) && comment.DecisionMailed != after.Status;
        if (decision) comment.DecisionMailed = after.Status;
        var reply = !before.IsPublished && after.IsPublished && comment.ParentId is not null && !comment.ReplyMailed;
        if (reply) comment.ReplyMailed = true;
        return new OwedMails(decision, reply);
    }

    private async Task AfterCommitAsync(Comment comment, string? slug, CommentState before, CommentState after, OwedMails owed, CancellationToken ct)
    {
        if (before.IsPublished || after.IsPublished)
        {
            if (slug is not null) await pageCache.EvictAsync(slug, ct);
            else await pageCache.EvictAsync(comment.ArticleId, ct);
        }
        notifier.Publish(ModerationChange.Changed(comment.Id));

        if (owed.Decision) decisionMail.Queue(new DecisionNotice(comment.Id, after.Status));
        if (owed.Reply) replyMail.Queue(comment.Id, comment.ParentId!.Value);
    }

    /// <summary>The plain message for a moderator who acted on a stale comment: who acted first, and where it stands now.</summary>
    private async Task<ActionRefusal> ConflictAsync(long commentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var status = await db.Comments.Where(c => c.Id == commentId).Select(c => (CommentStatus?)c.Status).FirstOrDefaultAsync(ct);
        if (status is null) return new ActionRefusal(commentId, "This comment no longer exists.");
        var last = await db.ModerationEvents.AsNoTracking().Where(e => e.CommentId == commentId && !e.Automatic)
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        var who = last is null ? "Someone" : last.ActorName;
        var what = last is null ? "changed" : AuditWording.PastTense(last.Action);
        return new ActionRefusal(commentId,
            $"{who} {what} this comment first; it is now {status.Value.ToString().ToLowerInvariant()}. Your action was not applied: look again and act if still needed.");
    }

    private static ActionResult RefuseAll(IReadOnlyList<CommentRef> comments, string message) =>
        new([], comments.Select(c => new ActionRefusal(c.Id, message)).ToList());
}
