using System.Globalization;
using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Remembers, for one browser, the held comments it posted, so their author sees them marked
/// "awaiting moderation" and nobody else does (WordPress does the same with a cookie). The value
/// is protected: ids cannot be forged to peek at someone else's held comment.
/// </summary>
public sealed class HeldCommentCookie(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string Name = "cm_held";
    private const int MaxRemembered = 20;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("CommentModeration.HeldComments.v1");

    public static bool IsPresent(HttpRequest request) => request.Cookies.ContainsKey(Name);

    /// <summary>The held comments this browser remembers on one article (ids remembered without their article count for every article).</summary>
    public IReadOnlyList<long> Read(HttpRequest request, long articleId) =>
        ReadAll(request).Where(held => held.ArticleId is null || held.ArticleId == articleId).Select(held => held.CommentId).ToList();

    /// <summary>Entries are "article:comment"; a bare comment id (written before the article was kept) is read with no article.</summary>
    private List<(long? ArticleId, long CommentId)> ReadAll(HttpRequest request)
    {
        if (ProtectedCookie.Read(request, Name, _protector) is not { } plain) return [];
        var entries = new List<(long?, long)>();
        foreach (var entry in plain.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length == 2 && ReaderIds.Parse(parts[0]) is { } article && ReaderIds.Parse(parts[1]) is { } comment) entries.Add((article, comment));
            else if (parts.Length == 1 && ReaderIds.Parse(parts[0]) is { } legacy) entries.Add((null, legacy));
        }
        return entries;
    }

    private static string Entry((long? ArticleId, long CommentId) held) =>
        held.ArticleId is { } article
            ? article.ToString(CultureInfo.InvariantCulture) + ":" + held.CommentId.ToString(CultureInfo.InvariantCulture)
            : held.CommentId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Kept with its article, so a page of another article need not look the browser's held comments up.</summary>
    public void Remember(HttpContext context, long articleId, long commentId)
    {
        var entries = ReadAll(context.Request);
        entries.Add((articleId, commentId));
        var kept = entries.DistinctBy(held => held.CommentId).TakeLast(MaxRemembered).Select(Entry);
        ProtectedCookie.Write(context, Name, _protector, string.Join(',', kept), clock.GetUtcNow() + Lifetime, SameSiteMode.Lax);
    }
}
