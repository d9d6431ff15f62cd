using CommentModeration.Core.Comments;
using CommentModeration.Data.Sql;

namespace CommentModeration.Data.Comments;

/// <summary>
/// The one place that keeps maintained counts in step with a comment's state: the queue sizes
/// (QueueCounter rows), the article's published comment and thread counts and the author's outcome
/// counts. Runs inside the same transaction as the change, all its statements in one command.
/// </summary>
public static class CommentCounters
{
    /// <summary>Applies the move of one comment from <paramref name="from"/> to <paramref name="to"/> (null: not stored).</summary>
    public static Task ApplyAsync(SqlStatements sql, AppDbContext db, CommentPlace place, CommentState? from, CommentState? to, CancellationToken ct = default) =>
        Append(sql, new SqlBatch(), place, from, to).ExecuteAsync(db, ct);

    /// <summary>Adds the statements of <see cref="ApplyAsync"/> to a batch, to run with other writes in one round trip.</summary>
    public static SqlBatch Append(SqlStatements sql, SqlBatch batch, CommentPlace place, CommentState? from, CommentState? to)
    {
        foreach (var queue in CommentQueues.Counted)
        {
            var delta = (to is not null && CommentQueues.Holds(queue, to) ? 1 : 0) - (from is not null && CommentQueues.Holds(queue, from) ? 1 : 0);
            if (delta != 0)
            {
                batch.Add(sql.AddToQueueCounter(CommentQueues.CounterName(queue), delta));
            }
        }

        var published = (to?.IsPublished == true ? 1 : 0) - (from?.IsPublished == true ? 1 : 0);
        if (published != 0)
        {
            var threads = place.IsThreadRoot ? published : 0;
            batch.Add(sql.AddToArticleCounts(place.ArticleId, published, threads));
        }

        var approved = StatusDelta(CommentStatus.Approved, from, to);
        var rejected = StatusDelta(CommentStatus.Rejected, from, to);
        var spam = StatusDelta(CommentStatus.Spam, from, to);
        if ((approved | rejected | spam) != 0 && place.AuthorKey.Length > 0)
        {
            batch.Add(sql.AddToAuthorOutcomes(place.AuthorKey, approved, rejected, spam));
        }
        return batch;
    }

    /// <summary>The counted queues a move takes the comment into or out of.</summary>
    public static IEnumerable<QueueKind> QueuesMoved(CommentState? from, CommentState? to) =>
        CommentQueues.Counted.Where(q => (from is not null && CommentQueues.Holds(q, from)) != (to is not null && CommentQueues.Holds(q, to)));

    private static int StatusDelta(CommentStatus status, CommentState? from, CommentState? to) =>
        (to?.Status == status ? 1 : 0) - (from?.Status == status ? 1 : 0);
}
