using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using Microsoft.Data.Sqlite;

namespace CommentModeration.Web.Tests.Admin;

/// <summary>Arranges comments as moderators left them: an article, comments with a status, and the moderator's (or engine's) event.</summary>
public static class DecidedComments
{
    public static readonly DateTimeOffset ArticleDate = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    public static async Task<long> AddArticleAsync(AppDbContext db, string slug = "the-story")
    {
        var article = new Article { Slug = slug, Title = "The story " + slug, Body = "Text.", PublishedAt = ArticleDate };
        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article.Id;
    }

    /// <summary>One comment with <paramref name="status"/>; decided by a moderator unless <paramref name="byModerator"/> is false (then only the engine's event).</summary>
    public static async Task<long> AddAsync(AppDbContext db, long articleId, string body, CommentStatus status, bool byModerator = true, string email = "guest@example.com")
    {
        var at = ArticleDate.AddDays(1);
        var comment = new Comment
        {
            ArticleId = articleId,
            AuthorName = email.Split('@')[0],
            AuthorEmail = email,
            AuthorKey = "email:" + email,
            BodyText = body,
            BodyHtml = "<p>" + System.Net.WebUtility.HtmlEncode(body) + "</p>",
            CreatedAt = at,
            Status = status,
            StatusChangedAt = at.AddHours(1),
            Ip = "203.0.113.9",
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        comment.ThreadRootId = comment.Id;
        db.ModerationEvents.Add(AuditTrail.Posted(comment, CommentStatus.Pending, reason: null));
        if (byModerator)
        {
            db.ModerationEvents.Add(AuditTrail.OfComment(comment, status.ToString().ToLowerInvariant(), CommentStatus.Pending, status, reason: null,
                new AuditActor(null, "moderator"), at.AddHours(1)));
        }
        await db.SaveChangesAsync();
        return comment.Id;
    }

    /// <summary>Many decided comments at once, with plain SQL in one transaction (EF would take minutes for 100,000).</summary>
    public static void AddMany(string connectionString, long articleId, int count, Func<int, (string Body, CommentStatus Status)> make)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var comment = connection.CreateCommand();
        comment.CommandText = """
            INSERT INTO Comments (ArticleId, ThreadRootId, Depth, AuthorName, AuthorEmail, AuthorUrl, AuthorKey, BodyText, BodyHtml,
                CreatedAt, Status, StatusChangedAt, NeedsReview, OpenReportCount, HiddenByReports, VerdictAction, VerdictJson, RuleSetRevision, Ip, UserAgent, Version)
            VALUES ($article, 0, 1, $name, $email, '', $key, $body, $body, $at, $status, $at, 0, 0, 0, 4, '[]', 0, '198.51.100.1', 'Mozilla/5.0', $version);
            SELECT last_insert_rowid();
            """;
        var pArticle = comment.Parameters.Add("$article", SqliteType.Integer);
        var pName = comment.Parameters.Add("$name", SqliteType.Text);
        var pEmail = comment.Parameters.Add("$email", SqliteType.Text);
        var pKey = comment.Parameters.Add("$key", SqliteType.Text);
        var pBody = comment.Parameters.Add("$body", SqliteType.Text);
        var pAt = comment.Parameters.Add("$at", SqliteType.Integer);
        var pStatus = comment.Parameters.Add("$status", SqliteType.Integer);
        var pVersion = comment.Parameters.Add("$version", SqliteType.Text);
        using var decision = connection.CreateCommand();
        decision.CommandText = "INSERT INTO ModerationEvents (At, CommentId, Action, FromStatus, ToStatus, Automatic, ActorName) VALUES ($at, $comment, 'decide', 0, $status, 0, 'moderator');";
        var dAt = decision.Parameters.Add("$at", SqliteType.Integer);
        var dComment = decision.Parameters.Add("$comment", SqliteType.Integer);
        var dStatus = decision.Parameters.Add("$status", SqliteType.Integer);
        comment.Transaction = transaction;
        decision.Transaction = transaction;
        for (var i = 0; i < count; i++)
        {
            var (body, status) = make(i);
            var email = $"reader{i % 5000}@example.com";
            var at = ArticleDate.AddMinutes(i).UtcTicks;
            pArticle.Value = articleId;
            pName.Value = $"Reader {i % 5000}";
            pEmail.Value = email;
            pKey.Value = "email:" + email;
            pBody.Value = body;
            pAt.Value = at;
            pStatus.Value = (int)status;
            pVersion.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            var id = (long)comment.ExecuteScalar()!;
            dAt.Value = at;
            dComment.Value = id;
            dStatus.Value = (int)status;
            decision.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
