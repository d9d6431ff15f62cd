using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

/// <summary>
/// Moves a comment from one state to another for moderation: new concurrency version, status
/// time, then the maintained numbers (queue counters, the author's outcome counts, the article's
/// published count) through <see cref="CommentCounters"/>, the same rules the posting side uses.
/// Callers run it inside their transaction.
/// </summary>
public sealed class CommentStatusMover(TimeProvider clock)
{
    /// <summary>
    /// Applies <paramref name="change"/> to a tracked comment, saves it with its concurrency
    /// token checked (throws DbUpdateConcurrencyException when someone changed it first), then
    /// moves the counters by the difference.
    /// </summary>
    /// <remarks>
    /// Readers' reports pass <paramref name="newVersion"/> false: a report must not make the
    /// moderator looking at the comment fail with "someone acted first".
    /// </remarks>
    public async Task<(CommentState Before, CommentState After)> ChangeAsync(AppDbContext db, Comment comment, Action<Comment> change, CancellationToken ct = default, bool newVersion = true)
    {
        var before = CommentState.Of(comment);
        Apply(comment, change, newVersion);
        await db.SaveChangesAsync(ct);
        var after = CommentState.Of(comment);
        await ApplyDifferenceAsync(db, comment, before, after, authorHasStanding: null, ct);
        return (before, after);
    }

    /// <summary>
    /// The lean form of <see cref="ChangeAsync"/> for a moderator's action: changes the tracked
    /// comment and moves the counters, but leaves the comment's UPDATE (with its concurrency check)
    /// to the caller's one SaveChanges, together with the audit row; <paramref name="authorHasStanding"/>
    /// comes from the query that loaded the comment. A failed save rolls the counters back with the
    /// caller's transaction.
    /// </summary>
    public async Task<(CommentState Before, CommentState After)> MoveAsync(AppDbContext db, Comment comment, Action<Comment> change, bool authorHasStanding, CancellationToken ct = default)
    {
        var before = CommentState.Of(comment);
        Apply(comment, change, newVersion: true);
        var after = CommentState.Of(comment);
        await ApplyDifferenceAsync(db, comment, before, after, authorHasStanding, ct, saveNewStanding: false);
        return (before, after);
    }

    private void Apply(Comment comment, Action<Comment> change, bool newVersion)
    {
        var status = comment.Status;
        change(comment);
        if (comment.Status != status) comment.StatusChangedAt = clock.GetUtcNow();
        if (newVersion) comment.Version = Guid.NewGuid();
    }

    /// <summary>For the purge: uncounts a comment about to be deleted.</summary>
    public Task UncountDeletedCommentAsync(AppDbContext db, Comment comment, CancellationToken ct = default) =>
        ApplyDifferenceAsync(db, comment, CommentState.Of(comment), after: null, authorHasStanding: null, ct, keepAuthorCounts: true);

    private static async Task ApplyDifferenceAsync(AppDbContext db, Comment comment, CommentState? before, CommentState? after, bool? authorHasStanding,
        CancellationToken ct, bool keepAuthorCounts = false, bool saveNewStanding = true)
    {
        var place = CommentPlace.Of(comment);
        await CommentCounters.ApplyAsync(db, keepAuthorCounts ? place with { AuthorKey = "" } : place, before, after, ct);
        if (keepAuthorCounts || string.IsNullOrEmpty(comment.AuthorKey) || after is null) return;
        if (authorHasStanding ?? await db.AuthorStandings.AnyAsync(a => a.AuthorKey == comment.AuthorKey, ct)) return;

        // First outcome for an author the posting side did not record (imported data): start their row here.
        int Delta(CommentStatus status) => (after.Status == status ? 1 : 0) - (before?.Status == status ? 1 : 0);
        db.AuthorStandings.Add(new AuthorStanding
        {
            AuthorKey = comment.AuthorKey,
            UserId = comment.UserId,
            Email = string.IsNullOrEmpty(comment.AuthorEmail) ? null : comment.AuthorEmail.ToLowerInvariant(),
            Name = comment.AuthorName,
            ApprovedCount = Math.Max(Delta(CommentStatus.Approved), 0),
            RejectedCount = Math.Max(Delta(CommentStatus.Rejected), 0),
            SpamCount = Math.Max(Delta(CommentStatus.Spam), 0),
            FirstSeenAt = comment.CreatedAt,
            LastCommentAt = comment.CreatedAt,
        });
        if (saveNewStanding) await db.SaveChangesAsync(ct);
    }
}
