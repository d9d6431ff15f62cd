using CommentModeration.Core.Comments;
using CommentModeration.Data;
using CommentModeration.Web.Articles;
using Microsoft.EntityFrameworkCore;

namespace CommentModeration.Web.Accounts;

public sealed record ExportedArticle(string Title, string Slug, string Url);

/// <summary>One of the reader's comments as "download my data" gives it: everything stored about it that came from them.</summary>
public sealed record ExportedComment(
    long Id, ExportedArticle Article, long? InReplyTo, DateTimeOffset PostedAt, DateTimeOffset? EditedAt,
    string Status, string? RejectionReason, string Text, string Name, string Website, string Ip, string Browser);

/// <summary>Every comment of a reader, oldest first, for the personal data download.</summary>
public sealed class PersonalDataExport(AppDbContext db)
{
    /// <param name="siteUrl">The site's address (scheme, host, base path) that article links start with.</param>
    public async Task<IReadOnlyList<ExportedComment>> CommentsAsync(string userId, string siteUrl, CancellationToken ct = default)
    {
        var key = AuthorKeys.ForUser(userId);
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.AuthorKey == key)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.Article!.Title, c.Article.Slug, c.ParentId, c.CreatedAt, c.EditedAt, c.Status, c.HiddenByReports,
                c.RejectionReason, c.BodyText, c.AuthorName, c.AuthorUrl, c.Ip, c.UserAgent,
            })
            .ToListAsync(ct);
        var site = siteUrl.TrimEnd('/');
        return rows.ConvertAll(c => new ExportedComment(
            c.Id, new ExportedArticle(c.Title, c.Slug, site + ArticleUrls.Article(c.Slug)), c.ParentId, c.CreatedAt, c.EditedAt,
            StatusWord(c.Status, c.HiddenByReports), c.RejectionReason, c.BodyText, c.AuthorName, c.AuthorUrl, c.Ip, c.UserAgent));
    }

    /// <summary>Where the comment stands, in the words a reader knows.</summary>
    public static string StatusWord(CommentStatus status, bool hiddenByReports) => status switch
    {
        CommentStatus.Approved when hiddenByReports => "hidden after readers' reports, awaiting review",
        CommentStatus.Approved => "published",
        CommentStatus.Pending => "awaiting moderation",
        CommentStatus.Rejected => "rejected",
        CommentStatus.Spam => "marked as spam",
        _ => status.ToString().ToLowerInvariant(),
    };
}
