using CommentModeration.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Data.Comments;

public sealed partial class CommentTransaction
{
    private const int RemoveBatch = 500;

    /// <summary>
    /// Deletes the comments <paramref name="which"/> (a query over <see cref="Db"/>) selects, with their reports and revisions, a
    /// batch at a time until it selects none (so a query for comments nobody replied to takes the
    /// leaves first, then what they answered), and uncounts them from the queues and their
    /// articles; their authors' counts keep their history. How many were deleted.
    /// </summary>
    public async Task<int> RemoveAsync(IQueryable<Comment> which, CancellationToken ct = default)
    {
        var removed = 0;
        while (true)
        {
            var batch = await which.OrderBy(c => c.Id).Take(RemoveBatch)
                .Select(c => new
                {
                    c.Id,
                    Place = new CommentPlace(c.ArticleId, "", c.ParentId == null),
                    State = new CommentState(c.Status, c.NeedsReview, c.OpenReportCount, c.HiddenByReports, null),
                    c.Article!.Slug,
                })
                .ToListAsync(ct);
            if (batch.Count == 0) return removed;
            var counters = new SqlBatch();
            foreach (var comment in batch)
            {
                CommentCounters.Append(Sql, counters, comment.Place, comment.State, to: null);
                Changes.QueuesMoved(comment.State, null);
                if (comment.State.IsPublished) Changes.ReaderPagesOf(comment.Slug);
            }
            await counters.ExecuteAsync(Db, ct);
            var ids = batch.ConvertAll(c => c.Id);
            await Db.Reports.Where(r => ids.Contains(r.CommentId)).ExecuteDeleteAsync(ct);
            await Db.CommentRevisions.Where(r => ids.Contains(r.CommentId)).ExecuteDeleteAsync(ct);
            await Db.Comments.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
            removed += batch.Count;
        }
    }
}
