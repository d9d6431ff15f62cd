using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Moderation;

/// <summary>
/// The one place that keeps the maintained numbers right when a comment's state changes:
/// queue counters (QueueCounter rows), the author's outcome counts (AuthorStanding) and the
/// article's published count. Callers run it inside their transaction, after SaveChanges.
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
        change(comment);
        if (comment.Status != before.Status) comment.StatusChangedAt = clock.GetUtcNow();
        if (newVersion) comment.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        var after = CommentState.Of(comment);
        await ApplyDifferenceAsync(db, comment, before, after, ct);
        return (before, after);
    }

    /// <summary>For the posting service: counts a comment just inserted (in the same transaction).</summary>
    public Task CountNewCommentAsync(AppDbContext db, Comment comment, CancellationToken ct = default) =>
        ApplyDifferenceAsync(db, comment, before: null, CommentState.Of(comment), ct);

    /// <summary>For the purge: uncounts a comment about to be deleted.</summary>
    public Task UncountDeletedCommentAsync(AppDbContext db, Comment comment, CancellationToken ct = default) =>
        ApplyDifferenceAsync(db, comment, CommentState.Of(comment), after: null, ct, keepAuthorCounts: true);

    private static async Task ApplyDifferenceAsync(AppDbContext db, Comment comment, CommentState? before, CommentState? after, CancellationToken ct, bool keepAuthorCounts = false)
    {
        var oldQueues = before?.Queues().ToHashSet() ?? [];
        var newQueues = after?.Queues().ToHashSet() ?? [];
        foreach (var name in oldQueues.Except(newQueues)) await AddToCounterAsync(db, name, -1, ct);
        foreach (var name in newQueues.Except(oldQueues)) await AddToCounterAsync(db, name, +1, ct);

        var published = (after?.IsPublished == true ? 1 : 0) - (before?.IsPublished == true ? 1 : 0);
        if (published != 0)
        {
            await db.Articles.Where(a => a.Id == comment.ArticleId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ApprovedCommentCount, a => a.ApprovedCommentCount + published), ct);
        }

        if (keepAuthorCounts || string.IsNullOrEmpty(comment.AuthorKey)) return;
        int Delta(CommentStatus status) => (after?.Status == status ? 1 : 0) - (before?.Status == status ? 1 : 0);
        var approved = Delta(CommentStatus.Approved);
        var rejected = Delta(CommentStatus.Rejected);
        var spam = Delta(CommentStatus.Spam);
        if (approved == 0 && rejected == 0 && spam == 0) return;

        var updated = await db.AuthorStandings.Where(a => a.AuthorKey == comment.AuthorKey)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ApprovedCount, a => a.ApprovedCount + approved)
                .SetProperty(a => a.RejectedCount, a => a.RejectedCount + rejected)
                .SetProperty(a => a.SpamCount, a => a.SpamCount + spam), ct);
        if (updated == 0)
        {
            // First outcome for an author the posting side did not record: start their row here.
            db.AuthorStandings.Add(new AuthorStanding
            {
                AuthorKey = comment.AuthorKey,
                UserId = comment.UserId,
                Email = string.IsNullOrEmpty(comment.AuthorEmail) ? null : comment.AuthorEmail.ToLowerInvariant(),
                Name = comment.AuthorName,
                ApprovedCount = Math.Max(approved, 0),
                RejectedCount = Math.Max(rejected, 0),
                SpamCount = Math.Max(spam, 0),
                FirstSeenAt = comment.CreatedAt,
                LastCommentAt = comment.CreatedAt,
            });
            await db.SaveChangesAsync(ct);
        }
    }

    private static Task AddToCounterAsync(AppDbContext db, string name, long delta, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "QueueCounters" ("Name", "Value") VALUES ({name}, {delta}) ON CONFLICT("Name") DO UPDATE SET "Value" = "Value" + excluded."Value";""", ct);
}
