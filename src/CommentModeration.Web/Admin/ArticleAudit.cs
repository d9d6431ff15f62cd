using CommentModeration.Core.Comments;
using CommentModeration.Data.Comments;
using CommentModeration.Data.Entities;
using CommentModeration.Web.Moderation;

namespace CommentModeration.Web.Admin;

/// <summary>
/// The audit row of an article's save: created, comments opened or closed, or which fields an
/// edit changed. Taken before the save (<see cref="Before"/>) and made after the fields are set.
/// </summary>
public sealed record ArticleAudit(IReadOnlyDictionary<string, string> Fields, CommentPolicy Policy)
{
    public static ArticleAudit? Before(Article? stored) => stored is null ? null : new(FieldsOf(stored), stored.CommentPolicy);

    /// <summary>The row for <paramref name="article"/> as it will be stored; null when an edit changed nothing.</summary>
    public static ModerationEvent? Row(ArticleAudit? before, Article article, Moderator by, DateTimeOffset at)
    {
        var name = $"\u201C{article.Title}\u201D (/articles/{article.Slug})";
        if (before is null) return AuditTrail.OfSite(AuditActions.ArticleCreate, to: null, $"{name}, comments {Describe(article.CommentPolicy)}", by.Actor, at);

        var now = FieldsOf(article);
        var changed = now.Where(f => before.Fields[f.Key] != f.Value).Select(f => f.Key).ToList();
        var policyChanged = before.Policy != article.CommentPolicy;
        if (changed.Count == 0 && !policyChanged) return null;
        var action = !policyChanged ? AuditActions.ArticleEdit
            : article.CommentPolicy == CommentPolicy.Closed ? AuditActions.ArticleClose
            : before.Policy == CommentPolicy.Closed ? AuditActions.ArticleOpen
            : AuditActions.ArticleEdit;
        var parts = new List<string>();
        if (policyChanged) parts.Add($"comments {Describe(before.Policy)} → {Describe(article.CommentPolicy)}");
        if (changed.Count > 0) parts.Add($"changed {string.Join(", ", changed)}");
        return AuditTrail.OfSite(action, to: null, $"{name}: {string.Join("; ", parts)}", by.Actor, at);
    }

    public static string Describe(CommentPolicy policy) => policy switch
    {
        CommentPolicy.PreModerated => "pre-moderated",
        CommentPolicy.Closed => "closed",
        _ => "open",
    };

    private static Dictionary<string, string> FieldsOf(Article a) => new()
    {
        ["title"] = a.Title,
        ["address"] = a.Slug,
        ["excerpt"] = a.Excerpt,
        ["body"] = a.Body,
        ["author"] = a.AuthorName,
        ["publication date"] = a.PublishedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["canonical address"] = a.CanonicalUrl ?? "",
        ["source"] = $"{a.SourceSite} {a.SourcePostId}",
    };
}
