using System.Collections.Concurrent;
using CommentModeration.Core.Discussion;
using CommentModeration.Web.Components.Pages.Articles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Caching.Memory;

namespace CommentModeration.Web.Articles;

/// <summary>
/// The parts of reader pages that are the same for every reader: an article's details and its
/// comment pages, as read and as HTML (one part per thread). Shared by every reader whose page
/// the output cache cannot serve (signed-in readers, browsers holding the held-comment cookie):
/// their pages differ from everyone else's only in the form and in their own held comments, for
/// which <see cref="ArticleReader"/> writes just the threads holding them. Evicted together with the output cache by
/// <see cref="ArticlePageCache"/>. An eviction bumps the article's generation, which is part of
/// every key, so a part read before the eviction is never served after it. Each part is loaded
/// by one request at a time: the others asking for it meanwhile wait for that one's (<see cref="SingleFlight"/>),
/// so a change read by many readers at once costs one load and one render.
/// </summary>
public sealed class ReaderFragmentCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Counted in characters: about 30 MB of articles and rendered threads at most, the least used dropped first.
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 16 * 1024 * 1024 });
    private readonly ConcurrentDictionary<string, long> _articleGenerations = new(StringComparer.OrdinalIgnoreCase);
    private readonly SingleFlight _loads = new();
    private long _generation;
    private long _threadRenders;
    private long _signedInPagesWritten;

    /// <summary>How many pages of threads were rendered: a diagnostic, read by tests.</summary>
    public long ThreadRenders => Interlocked.Read(ref _threadRenders);

    /// <summary>How many pages shared by signed-in readers were written: a diagnostic, read by tests.</summary>
    public long SignedInPagesWritten => Interlocked.Read(ref _signedInPagesWritten);

    /// <summary>A published article's details (closing decided by the caller, as time passes), from the cache or loaded now.</summary>
    public async Task<ArticleDetails?> GetOrLoadArticleAsync(string slug, DateTimeOffset now, Func<Task<ArticleDetails?>> load)
    {
        var key = new ArticleKey(slug.ToLowerInvariant(), Volatile.Read(ref _generation), _articleGenerations.GetValueOrDefault(slug));
        if (_entries.TryGetValue(key, out ArticleDetails? cached) && cached is not null && cached.PublishedAt <= now) return cached;

        return await _loads.RunAsync(key, async () =>
        {
            if (_entries.TryGetValue(key, out ArticleDetails? loaded) && loaded is not null && loaded.PublishedAt <= now) return loaded;
            // Not found is not kept: an article scheduled for later appears when its time comes.
            var article = await load();
            if (article is not null)
            {
                _entries.Set(key, article, new MemoryCacheEntryOptions { Size = article.Body.Length + article.Title.Length, AbsoluteExpirationRelativeToNow = Lifetime });
            }
            return article;
        });
    }

    /// <summary>A page of threads with its rendered HTML, from the cache or loaded and rendered now (and kept when the page asked for exists).</summary>
    public async Task<SharedThreads> GetOrRenderAsync(ArticleDetails article, int requestedPage, DiscussionSettings settings, Func<Task<CommentPage>> load)
    {
        var slug = article.Slug;
        // Closing (by age, as time passes) takes the reply links away; the order and landing page change the threads and their links.
        var key = new Key(slug.ToLowerInvariant(), Volatile.Read(ref _generation), _articleGenerations.GetValueOrDefault(slug),
            requestedPage, settings.CommentsPerPage, settings.ThreadDepth, settings.CommentOrder, settings.CommentLandingPage, article.CommentsClosed);
        if (_entries.TryGetValue(key, out SharedThreads? cached) && cached is not null) return cached;

        return await _loads.RunAsync(key, async () =>
        {
            // Kept by the load that ran just before this one began.
            if (_entries.TryGetValue(key, out SharedThreads? rendered) && rendered is not null) return rendered;
            var page = await load();
            Interlocked.Increment(ref _threadRenders);
            var shown = ReplyBounds.OfPage(page.Threads);
            var shared = new SharedThreads(page, new RenderedThreads(CommentThreadMarkup.Render(page.Threads, ThreadLinks.Of(article, page.PageNumber, settings), shown), page.PageNumber, page.PageCount, page.TopLevelCount))
            {
                Shown = shown,
            };
            // A page number past the end shows the last page: not kept, so odd page numbers cannot fill the cache.
            if (page.PageNumber == requestedPage)
            {
                // Counted twice the markup: the comments' bodies are kept once as read and once written into it.
                _entries.Set(key, shared, new MemoryCacheEntryOptions { Size = 2 * shared.Rendered.Html.Sum(part => part.Value.Length), AbsoluteExpirationRelativeToNow = Lifetime });
            }
            return shared;
        });
    }

    /// <summary>
    /// Where a page shared by signed-in readers is kept (<see cref="SignedInReaderPages"/>): the
    /// address as asked (its slug as written, which the page's links repeat, and its comment page
    /// and reply target as given), and what the page shows by. Taken before the page is written,
    /// so a page written across an eviction is kept under the old generation and never served.
    /// </summary>
    public SignedInPageKey SignedInPageKey(string slug, string commentPage, string replyTo, DiscussionSettings settings, bool closed) =>
        new(slug, Volatile.Read(ref _generation), _articleGenerations.GetValueOrDefault(slug), commentPage, replyTo,
            settings.CommentsPerPage, settings.ThreadDepth, settings.CommentOrder, settings.CommentLandingPage, closed);

    public SharedPage? FindSignedInPage(SignedInPageKey key) => _entries.TryGetValue(key, out SharedPage? page) ? page : null;

    public void KeepSignedInPage(SignedInPageKey key, SharedPage page) =>
        _entries.Set(key, page, new MemoryCacheEntryOptions { Size = page.Body.Length, AbsoluteExpirationRelativeToNow = Lifetime });

    /// <summary>
    /// The page kept under the key, written by <paramref name="write"/> unless another request is writing
    /// it: then its page, once written. Null when the page written is not to be shared (<paramref name="write"/>
    /// keeps only those that are): the caller writes its own.
    /// </summary>
    public Task<SharedPage?> WriteSignedInPageOnceAsync(SignedInPageKey key, Func<Task<SharedPage?>> write) =>
        _loads.RunAsync(key, async () =>
        {
            if (FindSignedInPage(key) is { } kept) return kept;
            Interlocked.Increment(ref _signedInPagesWritten);
            return await write();
        });

    public void Evict(string slug) => _articleGenerations.AddOrUpdate(slug, 1, (_, generation) => generation + 1);

    public void EvictAll() => Interlocked.Increment(ref _generation);

    public void Dispose() => _entries.Dispose();

    private sealed record ArticleKey(string Slug, long Generation, long ArticleGeneration);

    private sealed record Key(string Slug, long Generation, long ArticleGeneration, int Page, int PerPage, int Depth,
        CommentOrder Order, CommentLandingPage Landing, bool Closed);
}

/// <summary>See <see cref="ReaderFragmentCache.SignedInPageKey"/>.</summary>
public sealed record SignedInPageKey(string Slug, long Generation, long ArticleGeneration, string CommentPage, string ReplyTo,
    int PerPage, int Depth, CommentOrder Order, CommentLandingPage Landing, bool Closed);

/// <summary>A page of threads as read, and as HTML: <c>Rendered.Html[i + 1]</c> is <c>Page.Threads[i]</c>.</summary>
public sealed record SharedThreads(CommentPage Page, RenderedThreads Rendered)
{
    /// <summary>The comments the HTML shows (<see cref="ReplyBounds"/>).</summary>
    public ShownReplies Shown { get; init; } = new();
}

/// <summary>A page of an article's threads as HTML (WordPress's comment-list markup, in parts written one after another), with its place among the pages.</summary>
public sealed record RenderedThreads(IReadOnlyList<MarkupString> Html, int PageNumber, int PageCount, int TopLevelCount)
{
    /// <summary>Written for one reader (their held comments, their Edit links): never shared.</summary>
    public bool ForOneReader { get; init; }
}
