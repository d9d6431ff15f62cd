using CommentModeration.Data;
using CommentModeration.Web.Servers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace CommentModeration.Web.Articles;

/// <summary>
/// Evicts the cached reader pages that show an article, and its rendered threads: call after a
/// comment on it is published, or after a published comment changes (approve, reject, spam, edit, hide).
/// An article's eviction is told to the site's other servers, which evict their copies on receipt.
/// </summary>
public sealed class ArticlePageCache(IOutputCacheStore store, ReaderFragmentCache threads, IDbContextFactory<AppDbContext> dbFactory, IOtherServers otherServers)
{
    public const string HomeTag = "reader:home";
    public const string AllTag = "reader:all";

    public static string ArticleTag(string slug) => "reader:article:" + slug.ToLowerInvariant();

    /// <summary>Evicts the article's pages (every comment page and reply form variant) and the home page with its counts.</summary>
    public async Task EvictAsync(long articleId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var slug = await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.Slug).FirstOrDefaultAsync(ct);
        if (slug is not null) await EvictAsync(slug, ct);
        else await store.EvictByTagAsync(HomeTag, ct);
    }

    /// <summary>
    /// Evicts every cached reader page on this server: after discussion settings change (page size, depth,
    /// closing), which every server reads again on its own.
    /// </summary>
    public async Task EvictAllAsync(CancellationToken ct = default)
    {
        threads.EvictAll();
        await store.EvictByTagAsync(AllTag, ct);
    }

    public async Task EvictAsync(string slug, CancellationToken ct = default)
    {
        await EvictHereAsync(slug, ct);
        otherServers.Tell(ServerMessage.ReaderPagesOf(slug));
    }

    /// <summary>Evicts the article's pages on this server only: another server evicted them on its own and told this one.</summary>
    public async Task EvictHereAsync(string slug, CancellationToken ct = default)
    {
        threads.Evict(slug);
        await store.EvictByTagAsync(ArticleTag(slug), ct);
        await store.EvictByTagAsync(HomeTag, ct);
    }
}

/// <summary>
/// Output caching for reader pages: anonymous GETs only (not for signed-in readers, nor for a
/// browser holding the held-comment cookie or, within the edit window, the own-comments cookie,
/// whose page differs), varied by comment page,
/// reply target and a thread view's window of replies, tagged by article so posting or moderating evicts exactly that article.
/// The antiforgery token is not in the cached body: <see cref="Hosting.AntiforgeryTokenInjection"/>
/// fills it in outside the cache on every response.
/// </summary>
public sealed class ReaderPageCachePolicy : IOutputCachePolicy
{
    public const string Name = "ReaderPage";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly StringValues VaryQueryKeys = new(["cpage", "replytocom", "from"]);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && http.User.Identity?.IsAuthenticated != true
            && StringValues.IsNullOrEmpty(request.Headers.Authorization)
            && !HeldCommentCookie.IsPresent(request)
            && !OwnCommentCookie.IsPresent(request);

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.QueryKeys = VaryQueryKeys;
        context.Tags.Add(ArticlePageCache.AllTag);
        context.Tags.Add(http.GetRouteValue("slug") is string slug ? ArticlePageCache.ArticleTag(slug) : ArticlePageCache.HomeTag);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
