using System.Data.Common;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Seeding;

/// <summary>
/// What seeded comments add to the maintained numbers (queue counters, author standings,
/// articles' approved counts), written in the same transaction as the comments so that the
/// numbers always agree with the rows.
/// </summary>
internal sealed class SeedTally
{
    private readonly Dictionary<string, long> _queues = new();
    private readonly Dictionary<long, (int Comments, int Threads)> _publishedByArticle = new();
    private readonly Dictionary<string, AuthorTally> _authors = new();

    private sealed class AuthorTally
    {
        public string? UserId;
        public string Email = "";
        public string Name = "";
        public int Approved, Rejected, Spam;
        public DateTimeOffset First = DateTimeOffset.MaxValue, Last = DateTimeOffset.MinValue;
    }

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
            var (comments, threads) = _publishedByArticle.GetValueOrDefault(comment.ArticleId);
            _publishedByArticle[comment.ArticleId] = (comments + 1, threads + (comment.ParentId is null ? 1 : 0));
        }

        if (!_authors.TryGetValue(comment.AuthorKey, out var author))
        {
            author = new AuthorTally { UserId = comment.UserId, Email = comment.AuthorEmail.ToLowerInvariant(), Name = comment.AuthorName };
            _authors[comment.AuthorKey] = author;
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
        foreach (var queue in CommentQueues.Counted) _queues.TryAdd(CommentQueues.CounterName(queue), 0);
    }

    /// <summary>Adds what was tallied to the stored numbers and starts over.</summary>
    public void Flush(DbConnection connection, DbTransaction transaction)
    {
        using (var command = Prepare(connection, transaction,
            """
            INSERT INTO "QueueCounters" ("Name", "Value") VALUES (@name, @value)
            ON CONFLICT ("Name") DO UPDATE SET "Value" = "Value" + excluded."Value"
            """, "@name", "@value"))
        {
            foreach (var (name, value) in _queues) Run(command, name, value);
        }

        using (var command = Prepare(connection, transaction,
            """UPDATE "Articles" SET "ApprovedCommentCount" = "ApprovedCommentCount" + @count, "PublishedThreadCount" = "PublishedThreadCount" + @threads WHERE "Id" = @id""", "@count", "@threads", "@id"))
        {
            foreach (var (articleId, (count, threads)) in _publishedByArticle) Run(command, count, threads, articleId);
        }

        using (var command = Prepare(connection, transaction,
            """
            INSERT INTO "AuthorStandings" ("AuthorKey", "UserId", "Email", "Name", "Level", "SuspendedUntil",
                "ApprovedCount", "RejectedCount", "SpamCount", "FirstSeenAt", "LastCommentAt", "Version")
            VALUES (@key, @userId, @email, @name, 0, NULL, @approved, @rejected, @spam, @first, @last, @version)
            ON CONFLICT ("AuthorKey") DO UPDATE SET
                "ApprovedCount" = "ApprovedCount" + excluded."ApprovedCount",
                "RejectedCount" = "RejectedCount" + excluded."RejectedCount",
                "SpamCount" = "SpamCount" + excluded."SpamCount",
                "FirstSeenAt" = min("FirstSeenAt", excluded."FirstSeenAt"),
                "LastCommentAt" = max(coalesce("LastCommentAt", 0), excluded."LastCommentAt"),
                "Version" = excluded."Version"
            """, "@key", "@userId", "@email", "@name", "@approved", "@rejected", "@spam", "@first", "@last", "@version"))
        {
            foreach (var (key, a) in _authors)
            {
                Run(command, key, a.UserId, a.Email, a.Name, a.Approved, a.Rejected, a.Spam,
                    a.First.UtcTicks, a.Last.UtcTicks, Guid.NewGuid().ToString().ToUpperInvariant());
            }
        }

        _queues.Clear();
        _publishedByArticle.Clear();
        _authors.Clear();
    }

    private void Count(string queue) => _queues[queue] = _queues.GetValueOrDefault(queue) + 1;

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
