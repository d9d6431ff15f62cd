using Microsoft.AspNetCore.OutputCaching;

namespace CommentModeration.Web.Moderation;

/// <summary>Drops an article's cached pages so readers see a moderation decision at once.</summary>
public interface IArticleCacheEvictor
{
    Task EvictArticleAsync(long articleId, CancellationToken ct = default);
}

/// <summary>Evicts by the output-cache tag the reader pages are stored under.</summary>
public sealed class OutputCacheArticleEvictor(IOutputCacheStore store) : IArticleCacheEvictor
{
    public static string TagFor(long articleId) => $"article-{articleId}";

    public async Task EvictArticleAsync(long articleId, CancellationToken ct = default) =>
        await store.EvictByTagAsync(TagFor(articleId), ct);
}
