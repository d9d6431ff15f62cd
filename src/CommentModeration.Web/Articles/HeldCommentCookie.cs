using System.Globalization;
using CommentModeration.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Comments one browser posted, remembered in a cookie with their article. The value is
/// protected: ids cannot be forged to claim someone else's comment.
/// </summary>
public abstract class CommentIdsCookie(IDataProtectionProvider dataProtection, string name, string purpose)
{
    private const int MaxRemembered = 20;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(purpose);

    /// <summary>The comments this browser remembers on one article (ids remembered without their article count for every article).</summary>
    public IReadOnlyList<long> Read(HttpRequest request, long articleId) =>
        ReadAll(request).Where(own => own.ArticleId is null || own.ArticleId == articleId).Select(own => own.CommentId).ToList();

    /// <summary>Whether this browser remembers the comment, on whatever article.</summary>
    public bool Remembers(HttpRequest request, long commentId) => ReadAll(request).Exists(own => own.CommentId == commentId);

    /// <summary>Entries are "article:comment"; a bare comment id (written before the article was kept) is read with no article.</summary>
    private List<(long? ArticleId, long CommentId)> ReadAll(HttpRequest request)
    {
        if (ProtectedCookie.Read(request, name, _protector) is not { } plain) return [];
        var entries = new List<(long?, long)>();
        foreach (var entry in plain.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length == 2 && ReaderIds.Parse(parts[0]) is { } article && ReaderIds.Parse(parts[1]) is { } comment) entries.Add((article, comment));
            else if (parts.Length == 1 && ReaderIds.Parse(parts[0]) is { } legacy) entries.Add((null, legacy));
        }
        return entries;
    }

    private static string Entry((long? ArticleId, long CommentId) own) =>
        own.ArticleId is { } article
            ? article.ToString(CultureInfo.InvariantCulture) + ":" + own.CommentId.ToString(CultureInfo.InvariantCulture)
            : own.CommentId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Kept with its article, so a page of another article need not look the browser's comments up.</summary>
    protected void RememberUntil(HttpContext context, long articleId, long commentId, DateTimeOffset expires)
    {
        var entries = ReadAll(context.Request);
        entries.Add((articleId, commentId));
        var kept = entries.DistinctBy(own => own.CommentId).TakeLast(MaxRemembered).Select(Entry);
        ProtectedCookie.Write(context, name, _protector, string.Join(',', kept), expires, SameSiteMode.Lax);
    }
}

/// <summary>
/// Remembers, for one browser, the held comments it posted, so their author sees them marked
/// "awaiting moderation" and nobody else does (WordPress does the same with a cookie).
/// </summary>
public sealed class HeldCommentCookie(IDataProtectionProvider dataProtection, TimeProvider clock)
    : CommentIdsCookie(dataProtection, Name, "CommentModeration.HeldComments.v1")
{
    public const string Name = "cm_held";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static bool IsPresent(HttpRequest request) => request.Cookies.ContainsKey(Name);

    public void Remember(HttpContext context, long articleId, long commentId) => RememberUntil(context, articleId, commentId, clock.GetUtcNow() + Lifetime);
}

/// <summary>
/// Remembers, for one browser, the comments it posted within the edit window, so their author
/// sees an Edit link on them and a guest may edit them. The cookie ends with the window: a
/// page is kept out of the output cache only while its reader can still edit something.
/// </summary>
public sealed class OwnCommentCookie(IDataProtectionProvider dataProtection, TimeProvider clock)
    : CommentIdsCookie(dataProtection, Name, "CommentModeration.OwnComments.v1")
{
    public const string Name = "cm_own";

    public static bool IsPresent(HttpRequest request) => request.Cookies.ContainsKey(Name);

    /// <summary>
    /// While editing is off (a window of zero), for a minute only: the page the author lands on after
    /// posting is then written for them, never a cached page from before their comment that the cache
    /// may still serve others while it renders the new one (<see cref="ReaderPageStore"/>).
    /// </summary>
    public void Remember(HttpContext context, long articleId, long commentId, TimeSpan editWindow) =>
        RememberUntil(context, articleId, commentId, clock.GetUtcNow() + (editWindow > TimeSpan.Zero ? editWindow : LandingWindow));

    private static readonly TimeSpan LandingWindow = TimeSpan.FromMinutes(1);
}
