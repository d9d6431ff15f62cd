using System.Data.Common;
using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Data.Sql;

namespace CommentModeration.Web.Seeding;

/// <summary>
/// What seeded comments add to the maintained numbers (queue counters, author standings,
/// articles' approved counts), written in the same transaction as the comments so that the
/// numbers always agree with the rows.
/// </summary>
internal sealed class SeedTally
{
    private readonly SeededCounts _counts = new();

    public void Add(Comment comment)
    {
        // Which queues a comment stands in is the kernel's rule, the same one every status move uses.
        var state = CommentState.Of(comment);
        foreach (var queue in CommentQueues.Counted)
        {
            if (CommentQueues.Holds(queue, state)) Count(CommentQueues.CounterName(queue));
        }
        if (state.IsPublished)
        {
            var (comments, threads) = _counts.PublishedByArticle.GetValueOrDefault(comment.ArticleId);
            _counts.PublishedByArticle[comment.ArticleId] = (comments + 1, threads + (comment.ParentId is null ? 1 : 0));
        }

        if (!_counts.Authors.TryGetValue(comment.AuthorKey, out var author))
        {
            author = new SeededCounts.Author { UserId = comment.UserId, Email = comment.AuthorEmail.ToLowerInvariant(), Name = comment.AuthorName };
            _counts.Authors[comment.AuthorKey] = author;
        }
        switch (comment.Status)
        {
            case CommentStatus.Approved: author.Approved++; break;
            case CommentStatus.Rejected: author.Rejected++; break;
            case CommentStatus.Spam: author.Spam++; break;
        }
        if (comment.CreatedAt < author.First) author.First = comment.CreatedAt;
        if (comment.CreatedAt > author.Last) author.Last = comment.CreatedAt;
    }

    /// <summary>Makes sure every queue has its counter row, even at zero.</summary>
    public void TouchAllQueues()
    {
        foreach (var queue in CommentQueues.Counted) _counts.Queues.TryAdd(CommentQueues.CounterName(queue), 0);
    }

    /// <summary>Adds what was tallied to the stored numbers and starts over.</summary>
    public void Flush(SqlStatements sql, AppDbContext db, DbTransaction transaction)
    {
        sql.AddSeededCounts(db, transaction, _counts);
        _counts.Clear();
    }

    private void Count(string queue) => _counts.Queues[queue] = _counts.Queues.GetValueOrDefault(queue) + 1;
}
