using CommentModeration.Core.Comments;
using CommentModeration.Core.Discussion;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Articles;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// What a moderator does to comments: approve, reject, spam, send back to pending, edit, undo.
/// Each comment is one kernel transaction (<see cref="CommentTransaction"/>: status, audit row,
/// counters, the mails the change owes); the article's cached pages are evicted and the mails
/// queued after the commit, so no reader can re-cache the old page in between. A stale version
/// (someone acted first) changes nothing and says who did what. A moderator whose role was revoked
/// changes nothing either, whatever their open page still believes.
/// </summary>
public sealed class ModeratorDecisions(
    IDbContextFactory<AppDbContext> dbFactory,
    CommentWrites comments,
    CommentBodyRenderer renderer,
    CurrentRoles currentRoles)
{
    public const int MaxReasonLength = 500;

    /// <summary>What a moderator is told when the database could not be reached: nothing was changed, and the same action shortly after may be.</summary>
    public const string NotSaved = "This could not be saved just now: the database cannot be reached. Please try again shortly.";

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

    public Task<DecisionResult> ApproveAsync(IReadOnlyList<CommentRef> comments, Moderator by, CancellationToken ct = default) =>
        DecideAsync(comments, by, AuditActions.Approve, CommentStatus.Approved, reason: null,
            refuse: c => c.Status == CommentStatus.Approved && !c.NeedsReview && c.OpenReportCount == 0 && !c.HiddenByReports ? "This comment is already approved." : null,
            ct);

    public Task<DecisionResult> RejectAsync(IReadOnlyList<CommentRef> comments, string reason, Moderator by, CancellationToken ct = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length == 0) return Task.FromResult(RefuseAll(comments, "Give a reason for the rejection."));
        if (reason.Length > MaxReasonLength) return Task.FromResult(RefuseAll(comments, $"The reason is too long ({reason.Length} characters; at most {MaxReasonLength})."));
        return DecideAsync(comments, by, AuditActions.Reject, CommentStatus.Rejected, reason,
            refuse: c => c.Status == CommentStatus.Rejected ? "This comment is already rejected." : null,
            ct);
    }

    public Task<DecisionResult> SpamAsync(IReadOnlyList<CommentRef> comments, Moderator by, CancellationToken ct = default) =>
        DecideAsync(comments, by, AuditActions.Spam, CommentStatus.Spam, reason: null,
            refuse: c => c.Status == CommentStatus.Spam ? "This comment is already marked as spam." : null,
            ct);

    /// <summary>Moves an approved, rejected or spam comment back to Pending.</summary>
    public Task<DecisionResult> UnapproveAsync(IReadOnlyList<CommentRef> comments, Moderator by, CancellationToken ct = default) =>
        DecideAsync(comments, by, AuditActions.Unapprove, CommentStatus.Pending, reason: null,
            refuse: c => c.Status == CommentStatus.Pending ? "This comment is already pending." : null,
            ct);

    /// <summary>Puts each comment back exactly as it was before <paramref name="changes"/>, unless someone changed it since.</summary>
    public async Task<DecisionResult> UndoAsync(IReadOnlyList<CommentChange> changes, Moderator by, CancellationToken ct = default)
    {
        if (await RefusalForAsync(by, ct) is { } refused)
            return RefuseAll(changes.Select(c => new CommentRef(c.CommentId, c.Version)).ToList(), refused);
        var outcomes = new List<(CommentChange?, DecisionRefusal?)>();
        foreach (var change in changes)
        {
            outcomes.Add(await ApplyOneAsync(new CommentRef(change.CommentId, change.Version), AuditActions.Undo, refuse: _ => null,
                (transaction, target) => transaction.UndoAsync(target, change.Before, change.At, change.Action, by.Actor, ct), ct));
        }
        return ResultOf(outcomes);
    }

    /// <summary>Replaces a comment's text; the previous text is kept as a revision and the comment shows as edited.</summary>
    public async Task<DecisionResult> EditAsync(CommentRef comment, string newText, Moderator by, CancellationToken ct = default)
    {
        newText = (newText ?? "").Trim();
        if (newText.Length == 0) return RefuseAll([comment], "The comment text cannot be empty.");
        if (newText.Length > DiscussionSettings.MaxCommentLength)
            return RefuseAll([comment], $"The text is too long ({newText.Length:N0} characters; at most {DiscussionSettings.MaxCommentLength:N0}).");
        if (await RefusalForAsync(by, ct) is { } refused) return RefuseAll([comment], refused);

        var html = renderer.Render(newText);
        var outcome = await ApplyOneAsync(comment, AuditActions.Edit,
            refuse: c => c.BodyText == newText ? "The text is unchanged." : null,
            (transaction, target) => transaction.EditAsync(target, newText, html, by.Actor, ct), ct);
        return ResultOf([outcome]);
    }

    private async Task<DecisionResult> DecideAsync(IReadOnlyList<CommentRef> targets, Moderator by, string action, CommentStatus status, string? reason,
        Func<Comment, string?> refuse, CancellationToken ct)
    {
        if (await RefusalForAsync(by, ct) is { } refused) return RefuseAll(targets, refused);
        var outcomes = new List<(CommentChange?, DecisionRefusal?)>();
        foreach (var comment in targets.DistinctBy(c => c.Id))
        {
            outcomes.Add(await ApplyOneAsync(comment, action, refuse,
                (transaction, target) => transaction.DecideAsync(target, action, status, reason, by.Actor, ct), ct));
        }
        return ResultOf(outcomes);
    }

    /// <summary>Why <paramref name="by"/> may not act now: the role was revoked, or the database cannot be reached to tell.</summary>
    private async Task<string?> RefusalForAsync(Moderator by, CancellationToken ct)
    {
        try
        {
            return await currentRoles.HoldsAsync(by, Roles.Staff, ct) ? null : CurrentRoles.Revoked;
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            return NotSaved;
        }
    }

    /// <summary>One comment's change in a transaction of its own; refused, changing nothing, when the database cannot be reached.</summary>
    private async Task<(CommentChange? Change, DecisionRefusal? Refusal)> ApplyOneAsync(CommentRef target, string action,
        Func<Comment, string?> refuse, Func<CommentTransaction, CommentToChange, Task<CommentMove>> change, CancellationToken ct)
    {
        try
        {
            return await ChangeOneAsync(target, action, refuse, change, ct);
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            return (null, new DecisionRefusal(target.Id, NotSaved));
        }
    }

    /// <remarks>
    /// Kept lean because SQLite has one writer: one query loads the comment with its article's slug
    /// and whether its author has a standing row; the counters move; one SaveChanges writes the
    /// comment (its concurrency token checked) and the audit row, without savepoints; commit.
    /// </remarks>
    private async Task<(CommentChange? Change, DecisionRefusal? Refusal)> ChangeOneAsync(CommentRef target, string action,
        Func<Comment, string?> refuse, Func<CommentTransaction, CommentToChange, Task<CommentMove>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await comments.BeginAsync(db, ct);
        var found = await transaction.FindAsync(target.Id, ct);
        if (found is null) return (null, new DecisionRefusal(target.Id, "This comment no longer exists."));
        if (found.Comment.Version != target.Version) return (null, await ConflictAsync(target.Id, ct));
        if (refuse(found.Comment) is { } why) return (null, new DecisionRefusal(target.Id, why));

        CommentMove move;
        try
        {
            move = await change(transaction, found);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return (null, await ConflictAsync(target.Id, ct));
        }
        return (new CommentChange(found.Comment.Id, move.Audit!.Id, action, move.Before, move.After, target.Version, found.Comment.Version, move.At), null);
    }

    private static DecisionResult ResultOf(IEnumerable<(CommentChange? Change, DecisionRefusal? Refusal)> outcomes)
    {
        var list = outcomes.ToList();
        return new DecisionResult(list.Where(o => o.Change is not null).Select(o => o.Change!).ToList(), list.Where(o => o.Refusal is not null).Select(o => o.Refusal!).ToList());
    }

    /// <summary>The plain message for a moderator who acted on a stale comment: who acted first, and where it stands now.</summary>
    private async Task<DecisionRefusal> ConflictAsync(long commentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var status = await db.Comments.Where(c => c.Id == commentId).Select(c => (CommentStatus?)c.Status).FirstOrDefaultAsync(ct);
        if (status is null) return new DecisionRefusal(commentId, "This comment no longer exists.");
        var last = await db.ModerationEvents.AsNoTracking().Where(e => e.CommentId == commentId && !e.Automatic)
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        var who = last is null ? "Someone" : last.ActorName;
        var what = last is null ? "changed" : AuditWording.PastTense(last.Action);
        return new DecisionRefusal(commentId,
            $"{who} {what} this comment first; it is now {status.Value.ToString().ToLowerInvariant()}. Your action was not applied: look again and act if still needed.");
    }

    private static DecisionResult RefuseAll(IReadOnlyList<CommentRef> comments, string message) =>
        new([], comments.Select(c => new DecisionRefusal(c.Id, message)).ToList());
}
