using System.Text.Json;
using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

public sealed partial class CommentTransaction
{
    /// <summary>
    /// A moderator's decision (approve, reject with its reason, spam, back to pending): nothing is
    /// left to review and the comment's open reports are resolved. Saves with the comment's
    /// concurrency token checked: throws DbUpdateConcurrencyException when someone changed it first.
    /// </summary>
    public async Task<CommentMove> DecideAsync(CommentToChange target, string action, CommentStatus status, string? rejectionReason, AuditActor by, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        if (target.Comment.OpenReportCount > 0) Changes.Owed(new OwedReportOutcome(target.Comment.Id, now));
        await ResolveOpenReportsAsync(target.Comment, now, ct);
        return await MoveAsync(target, new CommentState(status, NeedsReview: false, OpenReportCount: 0, HiddenByReports: false, rejectionReason),
            action, rejectionReason, by, now, ct);
    }

    /// <summary>Puts a comment back exactly as it was <paramref name="before"/> a change made at <paramref name="changedAt"/>, with the reports that change resolved open again.</summary>
    public async Task<CommentMove> UndoAsync(CommentToChange target, CommentState before, DateTimeOffset changedAt, string undoneAction, AuditActor by, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var id = target.Comment.Id;
        await ResolveOpenReportsAsync(target.Comment, now, ct);
        await Db.Reports.Where(r => r.CommentId == id && r.ResolvedAt == changedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, (DateTimeOffset?)null), ct);
        return await MoveAsync(target, before, AuditActions.Undo, $"undo of {undoneAction}", by, now, ct);
    }

    /// <summary>A moderator replaces the text; the text it replaces is kept as a revision.</summary>
    public async Task<CommentMove> EditAsync(CommentToChange target, string text, string html, AuditActor by, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var comment = target.Comment;
        Replace(comment, text, html, by, now);
        return await MoveAsync(target, CommentState.Of(comment), AuditActions.Edit, reason: null, by, now, ct, textChanged: true);
    }

    /// <summary>
    /// An author replaces their text, checked again by the engine: the verdict may send the comment
    /// to the queue or to spam, never publish a held one (the stricter status wins). The text it
    /// replaces is kept as a revision.
    /// </summary>
    public async Task<CommentMove> EditByAuthorAsync(CommentToChange target, string text, string html, Verdict verdict, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var comment = target.Comment;
        var author = new AuditActor(comment.UserId, comment.AuthorName);
        var held = comment.Status == CommentStatus.Pending;
        var to = CommentState.Of(comment) with
        {
            Status = Stricter(comment.Status, StatusOf(verdict.Action)),
            NeedsReview = comment.NeedsReview || verdict.Action == VerdictAction.Flag,
        };
        Replace(comment, text, html, author, now);
        comment.VerdictAction = verdict.Action;
        comment.VerdictJson = JsonSerializer.Serialize(verdict.Hits, HitsJson);
        comment.RuleSetRevision = verdict.RuleSetRevision;
        var reason = "Checked again: " + AuditTrail.ReasonOf(verdict)
            + (held && to.Status == CommentStatus.Pending && verdict.Action != VerdictAction.Hold ? " Still held: an edit does not publish a held comment." : "");
        return await MoveAsync(target, to, AuditActions.AuthorEdit, reason, author, now, ct, textChanged: true, alsoWrite: AppendRuleHits(new SqlBatch(), verdict, now));
    }

    /// <summary>
    /// Moves a comment to <paramref name="to"/>: new concurrency version (unless <paramref name="newVersion"/>
    /// is false), status time, the maintained counts, the webhook events (a <paramref name="report"/> adds
    /// comment.reported), the mails the change owes, the audit row (none without <paramref name="action"/>),
    /// then one SaveChanges with the concurrency token checked.
    /// </summary>
    private async Task<CommentMove> MoveAsync(CommentToChange target, CommentState to, string? action, string? reason, AuditActor by, DateTimeOffset now,
        CancellationToken ct, bool newVersion = true, bool textChanged = false, SqlBatch? alsoWrite = null, ReportPayload? report = null)
    {
        var comment = target.Comment;
        var before = CommentState.Of(comment);
        comment.Status = to.Status;
        comment.NeedsReview = to.NeedsReview;
        comment.OpenReportCount = to.OpenReportCount;
        comment.HiddenByReports = to.HiddenByReports;
        comment.RejectionReason = to.RejectionReason;
        if (comment.Status != before.Status) comment.StatusChangedAt = now;
        if (newVersion) comment.Version = Guid.NewGuid();
        var after = CommentState.Of(comment);

        var rows = CommentCounters.Append(Sql, alsoWrite ?? new SqlBatch(), CommentPlace.Of(comment), before, after);
        if (await _writes.Outbox.AppendCommentEventsAsync(Db, rows, comment, target.ArticleSlug, now, WebhookEvents.OfMove(before, after),
            report is null ? null : WebhookEvents.CommentReported, report, ct))
        {
            Changes.EventsWritten();
        }
        await rows.ExecuteAsync(Db, ct);
        if (!target.AuthorHasStanding) StartStanding(comment, before, after);
        var (decisionMail, replyMail, statement) = MarkOwedMails(comment, before, after, action);
        var audit = action is null ? null : AuditTrail.OfComment(comment, action, before.Status, after.Status, reason, by, now);
        if (audit is not null) Db.ModerationEvents.Add(audit);
        await Db.SaveChangesAsync(ct);

        Changes.Changed(comment.Id);
        Changes.QueuesMoved(before, after);
        if (before.IsPublished != after.IsPublished || (after.IsPublished && textChanged)) Changes.ReaderPagesOf(target.ArticleSlug);
        if (decisionMail) Changes.Owed(new OwedDecisionMail(comment.Id, after.Status));
        if (replyMail) Changes.Owed(new OwedReplyMail(comment.Id, comment.ParentId!.Value));
        if (statement && audit is not null) Changes.Owed(new OwedStatementOfReasons(comment.Id, audit.Id));
        return new CommentMove(before, after, now, audit);
    }

    private Task ResolveOpenReportsAsync(Comment comment, DateTimeOffset now, CancellationToken ct)
    {
        if (comment.OpenReportCount == 0) return Task.CompletedTask;
        var id = comment.Id;
        return Db.Reports.Where(r => r.CommentId == id && r.ResolvedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, now), ct);
    }

    private void Replace(Comment comment, string text, string html, AuditActor by, DateTimeOffset now)
    {
        Db.CommentRevisions.Add(new CommentRevision
        {
            CommentId = comment.Id,
            BodyText = comment.BodyText,
            BodyHtml = comment.BodyHtml,
            EditedByUserId = by.UserId ?? "",
            EditedByName = by.Name,
            EditedAt = now,
        });
        comment.BodyText = text;
        comment.BodyHtml = html;
        comment.EditedAt = now;
    }

    /// <summary>First outcome for an author the posting side did not record (imported data): their standing row starts here.</summary>
    private void StartStanding(Comment comment, CommentState before, CommentState after)
    {
        if (string.IsNullOrEmpty(comment.AuthorKey)) return;
        int Delta(CommentStatus status) => Math.Max((after.Status == status ? 1 : 0) - (before.Status == status ? 1 : 0), 0);
        Db.AuthorStandings.Add(new AuthorStanding
        {
            AuthorKey = comment.AuthorKey,
            UserId = comment.UserId,
            Email = string.IsNullOrEmpty(comment.AuthorEmail) ? null : comment.AuthorEmail.ToLowerInvariant(),
            Name = comment.AuthorName,
            ApprovedCount = Delta(CommentStatus.Approved),
            RejectedCount = Delta(CommentStatus.Rejected),
            SpamCount = Delta(CommentStatus.Spam),
            FirstSeenAt = comment.CreatedAt,
            LastCommentAt = comment.CreatedAt,
        });
    }

    /// <summary>
    /// The mails a change owes, marked on the comment in its transaction: publishing a held comment
    /// (not an undo) tells its author, once; a reply published for the first time tells the author of
    /// the comment it answers. So approve, undo, approve mails once. Every removal or restriction
    /// (rejected, spam, hidden by reports; not an undo) owes its author a statement of reasons.
    /// </summary>
    private static (bool Decision, bool Reply, bool Statement) MarkOwedMails(Comment comment, CommentState before, CommentState after, string? action)
    {
        var hasEmail = !string.IsNullOrWhiteSpace(comment.AuthorEmail);
        var decision = before.Status == CommentStatus.Pending && after.Status == CommentStatus.Approved
            && action != AuditActions.Undo && hasEmail && comment.DecisionMailed != after.Status;
        if (decision) comment.DecisionMailed = after.Status;
        var reply = !before.IsPublished && after.IsPublished && comment.ParentId is not null && !comment.ReplyMailed;
        if (reply) comment.ReplyMailed = true;
        var removed = (after.Status is CommentStatus.Rejected or CommentStatus.Spam && before.Status != after.Status)
            || (after.HiddenByReports && !before.HiddenByReports);
        var statement = removed && action is not null && action != AuditActions.Undo && hasEmail;
        return (decision, reply, statement);
    }

    /// <summary>Held ranks above published, spam above held: the stricter of the two wins.</summary>
    private static CommentStatus Stricter(CommentStatus current, CommentStatus decided)
    {
        static int Rank(CommentStatus status) => status switch
        {
            CommentStatus.Approved => 0,
            CommentStatus.Pending => 1,
            _ => 2,
        };
        return Rank(decided) > Rank(current) ? decided : current;
    }
}
