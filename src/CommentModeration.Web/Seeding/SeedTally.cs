using System.Data.Common;
using CommentModeration.Core.Comments;
using CommentModeration.Data.Entities;

namespace CommentModeration.Web.Seeding;

/// <summary>
/// What seeded comments add to the maintained numbers (queue counters, author standings,
/// articles' approved counts), written in the same transaction as the comments so that the
/// numbers always agree with the rows.
/// </summary>
internal sealed class SeedTally
{
    public const string Pending = "Pending";
    public const string Spam = "Spam";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";

    /// <summary>Published comments a flag rule marked for a look (NeedsReview).</summary>
    public const string Flagged = "Flagged";

    /// <summary>Published comments with readers' reports not yet reviewed.</summary>
    public const string Reported = "Reported";

    public static readonly IReadOnlyList<string> QueueNames = [Pending, Spam, Approved, Rejected, Flagged, Reported];

    private readonly Dictionary<string, long> _queues = new();
    private readonly Dictionary<long, int> _approvedByArticle = new();
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
        var queue = comment.Status switch
        {
            CommentStatus.Pending => Pending,
            CommentStatus.Approved => Approved,
            CommentStatus.Rejected => Rejected,
            CommentStatus.Spam => Spam,
            _ => throw new ArgumentOutOfRangeException(nameof(comment), comment.Status, "Unknown status."),
        };
        Count(queue);
        if (comment.Status == CommentStatus.Approved)
        {
            if (comment.NeedsReview) Count(Flagged);
            if (comment.OpenReportCount > 0) Count(Reported);
            if (!comment.HiddenByReports) _approvedByArticle[comment.ArticleId] = _approvedByArticle.GetValueOrDefault(comment.ArticleId) + 1;
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
        foreach (var name in QueueNames) _queues.TryAdd(name, 0);
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
            """UPDATE "Articles" SET "ApprovedCommentCount" = "ApprovedCommentCount" + @count WHERE "Id" = @id""", "@count", "@id"))
        {
            foreach (var (articleId, count) in _approvedByArticle) Run(command, count, articleId);
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
        _approvedByArticle.Clear();
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
