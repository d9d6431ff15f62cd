using CommentModeration.Core.Comments;
using CommentModeration.Core.Rules;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Rules;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Articles;

/// <summary>Who asks to edit a comment: the signed-in account, and whether this browser's cookies remember posting the comment.</summary>
public sealed record CommentEditor(string? UserId, bool HasStaffRole, bool BrowserPostedIt)
{
    public bool Wrote(Comment comment) => BrowserPostedIt || (UserId is not null && comment.UserId == UserId);
}

/// <summary>A comment its author may edit now, as the edit page shows it.</summary>
public sealed record EditableComment(long Id, long ArticleId, string ArticleSlug, string ArticleTitle, long ThreadRootId, string BodyText, DateTimeOffset EditableUntil);

public sealed record CommentEditResult
{
    public required PostingOutcome Outcome { get; init; }
    public RefusalKind Refusal { get; init; }

    /// <summary>For a refusal: what to tell the author.</summary>
    public string? Message { get; init; }

    /// <summary>The comment as it stands after the edit, or as it stood when the edit was refused; none when the author may not edit it at all.</summary>
    public EditableComment? Comment { get; init; }

    public static CommentEditResult Refused(RefusalKind kind, string message, EditableComment? comment = null) =>
        new() { Outcome = PostingOutcome.Refused, Refusal = kind, Message = message, Comment = comment };
}

/// <summary>
/// An author's edit of their own comment within the edit window (DiscussionSettings.EditWindowMinutes):
/// the new text goes through the rule engine as a post does, and is stored through the kernel
/// (<see cref="CommentTransaction.EditByAuthorAsync"/>) with the verdict, the previous text as a
/// revision moderators can read, an audit row and the counters, in one transaction. The verdict can keep the comment where it is
/// or send it to the queue or to spam, never publish a held comment: what a moderator is to look
/// at stays theirs to decide. A refused edit changes nothing.
/// </summary>
public sealed class CommentEditing(
    IDbContextFactory<AppDbContext> dbFactory,
    CurrentRuleSet ruleSet,
    CommentBodyRenderer renderer,
    CommentWrites comments,
    TimeProvider clock)
{
    /// <summary>The comment when <paramref name="editor"/> may edit it now; otherwise why not.</summary>
    public async Task<CommentEditResult> FindAsync(long commentId, CommentEditor editor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await LoadAsync(db, commentId, ct);
        return Check(found, editor, clock.GetUtcNow()) is { } refusal
            ? refusal
            : new CommentEditResult { Outcome = CommentPosting.OutcomeOf(found!.Comment.Status), Comment = found.Editable(EditWindow) };
    }

    public async Task<CommentEditResult> EditAsync(long commentId, string text, CommentEditor editor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var settings = ruleSet.Settings;
        text ??= "";

        // Reading, deciding and rendering need no write lock: they happen first.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await LoadAsync(db, commentId, ct);
        if (Check(found, editor, now) is { } refusal) return refusal;
        var comment = found!.Comment;
        var editable = found.Editable(EditWindow);
        if (text == comment.BodyText) return CommentEditResult.Refused(RefusalKind.Invalid, "You have not changed the text.", editable);

        var facts = await PostingFacts.ReadAsync(db, comment.ArticleId, AuthorClaim.Of(comment), text, now, ct, editedCommentId: comment.Id);
        if (facts is null) return CommentEditResult.Refused(RefusalKind.NotFound, "This article does not exist.");
        var author = ResolvedAuthor.Of(comment, facts);

        // An edit posts nothing new: flood, recent-activity and duplicate checks judge posts, so they
        // see no activity here, and the parent was checked when the reply was posted.
        var candidate = facts.CandidateOf(author, new CandidateText(text, comment.AuthorName, comment.AuthorEmail, comment.AuthorUrl, comment.Ip, comment.UserAgent),
            editor.HasStaffRole, settings, new ActivityContext
            {
                Now = now,
                Parent = comment.ParentId is null ? ParentState.None : ParentState.Approved,
                RecentSameTextCount = facts.SameTextCount,
            });
        var verdict = RuleEngine.Evaluate(candidate, ruleSet.Current);
        if (verdict.Action == VerdictAction.Reject)
        {
            var refused = CommentPosting.Refuse(verdict, [], settings, now);
            return CommentEditResult.Refused(refused.Refusal, refused.Message!, editable);
        }
        var html = renderer.Render(verdict.Action == VerdictAction.Censor && verdict.CensoredBody is { } censored ? censored : text);

        CommentMove move;
        await using (var transaction = await comments.BeginAsync(db, ct))
        {
            var target = await transaction.FindAsync(commentId, ct);
            if (target is null || target.Comment.Version != comment.Version) return Conflict(editable);
            try
            {
                move = await transaction.EditByAuthorAsync(target, text, html, verdict, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Conflict(editable);
            }
            await transaction.CommitAsync(ct);
        }
        return new CommentEditResult { Outcome = CommentPosting.OutcomeOf(move.After.Status), Comment = editable with { BodyText = text } };
    }

    private TimeSpan EditWindow => TimeSpan.FromMinutes(Math.Max(0, ruleSet.Settings.EditWindowMinutes));

    /// <summary>Why <paramref name="editor"/> may not edit the comment now, or null when they may.</summary>
    private CommentEditResult? Check(Found? found, CommentEditor editor, DateTimeOffset now)
    {
        if (found is null) return CommentEditResult.Refused(RefusalKind.NotFound, "This comment does not exist.");
        var window = EditWindow;
        if (window <= TimeSpan.Zero) return CommentEditResult.Refused(RefusalKind.Forbidden, "Comments cannot be edited on this site.");
        var comment = found.Comment;
        if (!editor.Wrote(comment))
        {
            return CommentEditResult.Refused(RefusalKind.Forbidden, "You can only edit your own comments, from the account or the browser you posted them with.");
        }
        if (comment.Status is not (CommentStatus.Approved or CommentStatus.Pending))
        {
            return CommentEditResult.Refused(RefusalKind.Forbidden, "This comment can no longer be edited.");
        }
        if (now >= comment.CreatedAt + window)
        {
            var minutes = window.TotalMinutes == 1 ? "1 minute" : $"{window.TotalMinutes:N0} minutes";
            return CommentEditResult.Refused(RefusalKind.Forbidden, $"The time to edit this comment has passed: a comment can be edited for {minutes} after it is posted.");
        }
        return null;
    }

    private static CommentEditResult Conflict(EditableComment editable) => CommentEditResult.Refused(RefusalKind.Conflict,
        "Your comment changed while you were editing it (a moderator may have acted on it). Nothing was saved: look at it again and edit it if you still need to.", editable);

    private static async Task<Found?> LoadAsync(AppDbContext db, long commentId, CancellationToken ct) =>
        await db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new Found(c, c.Article!.Slug, c.Article.Title))
            .FirstOrDefaultAsync(ct);

    private sealed record Found(Comment Comment, string Slug, string ArticleTitle)
    {
        public EditableComment Editable(TimeSpan window) =>
            new(Comment.Id, Comment.ArticleId, Slug, ArticleTitle, Comment.ThreadRootId, Comment.BodyText, Comment.CreatedAt + window);
    }
}
